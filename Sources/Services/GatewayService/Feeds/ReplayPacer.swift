import ArenaBus
import ArenaCore
import ArenaRuntime
import Logging

/// The gateway's half of a lockstep replay (`arena.lockstep`, ADR 0016): after
/// the market data of each minute it publishes a data ``ArenaCore/PaceMark``
/// and waits for the feature engine's (its rounds are decided and their orders
/// at the OMS), then a settle mark and waits for the risk guard's (the OMS has
/// published what those orders changed and the guard has answered it), then a
/// record mark and waits for the reporter's (the minute is in its store). Only
/// then does the next minute go out. It counts the feature engine's rounds on
/// the way, so `market.replay.stop_after_rounds` ends the replay at a round's edge.
public struct ReplayPacer: Sendable {
    /// What the replay does after a mark.
    public enum Next: Sendable, Equatable {
        case proceed
        /// `stop_after_rounds` rounds are done and their orders are at the OMS.
        case stop
    }

    /// The services whose marks the replay waits for, and the phase each answers.
    static let participants: [(service: ServiceKind, phase: PacePhase)] = [("features", .data), ("risk", .settle), ("reporter", .record)]
    /// How often a mark is published again while its answers are awaited: a restarted service answers the repeat.
    static let repeatInterval: Duration = .seconds(1)

    private let outputs: ServiceOutputs
    private let follows: [(phase: PacePhase, subscription: any MessageSubscription, mark: Watermark<Timestamp>)]
    private let rounds = Watermark<Int>(0)
    private let stopAfterRounds: Int?

    /// A pacer publishing through `outputs`, hearing the participants through `environment`.
    init(environment: ServiceEnvironment, outputs: ServiceOutputs, stopAfterRounds: Int?) throws {
        self.outputs = outputs
        self.stopAfterRounds = stopAfterRounds
        follows = try Self.participants.map { service, phase throws in
            var topics = [PaceTopics.mark(service.rawValue)]
            // The rounds before the mark on the same socket: counted by the time the mark arrives.
            if service == "features" { topics.append(ArenaTopics.roundCompleted) }
            do {
                return (phase, try environment.subscribe(to: service, topics: topics, bufferCapacity: 1_024), Watermark<Timestamp>())
            } catch let error as ConfigError {
                throw ConfigError.invalid(key: "arena.lockstep", value: "true", reason: "the replay waits for \(service)'s pace marks: \(error)")
            }
        }
    }

    /// Runs `replay` while following the participants' marks.
    func pacing(_ replay: @Sendable () async throws -> Void) async throws {
        let logger = outputs.logger
        try await withThrowingDiscardingTaskGroup { group in
            for follow in follows {
                group.addTask { await Self.follow(follow.subscription, phase: follow.phase, into: follow.mark, rounds: rounds, logger: logger) }
            }
            defer { group.cancelAll() }
            try await replay()
        }
        for follow in follows { await follow.subscription.close() }
    }

    /// Publishes that everything up to `boundary` is out, then waits for every
    /// participant to be done with it, phase by phase (a mark unanswered within
    /// a second is published again, for a service that restarted meanwhile);
    /// throws `CancellationError` if stopped first.
    func mark(_ boundary: Timestamp) async throws -> Next {
        for follow in follows {
            repeat {
                outputs.paceMark(through: boundary, phase: follow.phase)
            } while try await !follow.mark.reached(boundary, within: Self.repeatInterval)
        }
        guard let stopAfterRounds, let done = rounds.current, done >= stopAfterRounds else { return .proceed }
        outputs.logger.notice("lockstep replay stops: its rounds are done", metadata: ["rounds": "\(done)", "through": "\(boundary)"])
        return .stop
    }

    private static func follow(
        _ subscription: any MessageSubscription, phase: PacePhase, into mark: Watermark<Timestamp>, rounds: Watermark<Int>, logger: Logger
    ) async {
        var completed = 0
        for await message in subscription.messages {
            do {
                switch message.typeID {
                case PaceMark.wireType.id:
                    let pace = try message.decode(PaceMark.self)
                    if pace.phase == phase { mark.advance(to: pace.through) }
                case RoundRecord.wireType.id:
                    // The ledger's ordinal survives a restart of this gateway (whose replay starts over) and of the engine.
                    let round = try message.decode(RoundRecord.self)
                    completed = round.number.map(Int.init) ?? completed + 1
                    rounds.advance(to: completed)
                default: continue
                }
            } catch {
                logger.warning("unreadable lockstep message", metadata: ["topic": "\(message.topic)", "error": "\(error)"])
            }
        }
    }
}
