import ArenaBus
import ArenaCore
import ArenaRuntime
import Foundation
import ReporterService
import ServiceLifecycle

/// What `arena up` watches while the arena runs: it prints the dashboard's address once every
/// service with a PUB socket has said READY in a heartbeat, and with `--ticks N` stops the arena
/// gracefully (exit 0, the store kept) once the feature engine has completed N decision rounds;
/// in a lockstep replay, once the reporter has also recorded the minute of the last round (where
/// the replay itself stops: `market.replay.stop_after_rounds`), so the store ends the same every run.
struct RunWatch: Service, CustomStringConvertible {
    let environment: ServiceEnvironment
    /// Stop after this many completed rounds; nil runs until Ctrl-C.
    let ticks: Int?
    /// Whether the replay is in lockstep (`arena.lockstep`).
    var lockstep: Bool { environment.context.config.arena.lockstep }

    var description: String { "RunWatch" }

    func run() async throws {
        let context = environment.context
        let publishers = context.config.services.names.filter { $0 != context.service && context.config.services[$0]?.pub != nil }
        let heartbeats = try publishers.map { try environment.subscribe(to: $0, Heartbeat.self, topics: [HeartbeatPublisher.topic($0)], bufferCapacity: 64) }
        let rounds = try environment.subscribe(to: "features", RoundRecord.self, topics: [ArenaTopics.roundCompleted], bufferCapacity: 1_024)
        let recorded = Watermark<Timestamp>()
        let reporterMarks = try lockstep ? environment.subscribe(to: "reporter", PaceMark.self, topics: [PaceTopics.mark("reporter")], bufferCapacity: 1_024) : nil
        let reporter = try environment.section(ReporterConfig.self)
        let roll = ReadyRoll(expected: publishers.count, dashboard: "http://\(reporter.host):\(reporter.port)/")
        await withDiscardingTaskGroup { group in
            for subscription in heartbeats {
                group.addTask {
                    for await beat in subscription.messages where beat.value.state == .ready {
                        await roll.ready(beat.value.service.value)
                        return
                    }
                }
            }
            if let ticks {
                group.addTask {
                    var completed = 0
                    for await round in rounds.messages {
                        // In lockstep, the ledger's ordinal (as the replay's stop counts): the store holds N rounds at the end.
                        completed = lockstep ? round.value.number.map(Int.init) ?? completed + 1 : completed + 1
                        context.logger.notice("decision round completed", metadata: ["tick": "\(round.value.tick)", "round": "\(completed) of \(ticks)"])
                        guard completed >= ticks else { continue }
                        // In lockstep the last round's minute is recorded before the stop (the replay waits there too).
                        if lockstep, await !recorded.reached(round.value.tick) { return }
                        context.shutdown.fire(reason: "--ticks \(ticks): \(completed) decision rounds completed")
                        return
                    }
                }
            }
            if let reporterMarks {
                group.addTask { for await mark in reporterMarks.messages where mark.value.phase == .record { recorded.advance(to: mark.value.through) } }
            }
            await (try? gracefulShutdown())
            for subscription in heartbeats { await subscription.close() }
            await rounds.close()
            await reporterMarks?.close()
        }
    }
}

/// The services heard READY; prints once, when the last one is.
actor ReadyRoll {
    private let expected: Int
    private let dashboard: String
    private var ready: Set<String> = []

    init(expected: Int, dashboard: String) {
        self.expected = expected
        self.dashboard = dashboard
    }

    func ready(_ service: String) {
        guard ready.insert(service).inserted, ready.count == expected else { return }
        // Straight to the descriptor: the line must show at once, whatever stdout's buffering.
        FileHandle.standardOutput.write(Data("Alpha Arena is up: \(ready.sorted().joined(separator: ", ")) ready. Dashboard: \(dashboard)  (Ctrl-C stops everything)\n".utf8))
    }
}
