import ArenaBus
import ArenaCore
import ArenaTesting
import ArenaWire
import Foundation
import Testing

/// The dispatcher with workers in separate processes, as scorers run.
@Suite(.serialized) struct WorkerProcessTests {
    static let testkit = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".build/debug/arena-testkit")

    static let trade = Trade(
        venue: VenueID(unchecked: "binance"), symbol: Symbol(unchecked: "BTCUSDT"), market: .spot, tradeID: 777,
        price: 1, quantity: 1, takerSide: .buy, eventTime: Timestamp(nanoseconds: 0), receiveTime: Timestamp(nanoseconds: 0)
    )

    @Test func aJobWhoseWorkerProcessIsKilledCompletesOnAnotherWorker() async throws {
        var options = Dispatcher.Options()
        options.heartbeatInterval = .milliseconds(100)
        options.liveness = 3
        let dispatcher = try Dispatcher(service: ServiceName(unchecked: "features"), bind: ["tcp://127.0.0.1:*"], options: options)
        let endpoint = dispatcher.endpoints[0]
        // Each job takes 1.5 s, long enough to kill its worker in the middle.
        let a = try ChildProcess(Self.testkit, ["echo-worker", "scorer-a", endpoint, "1500"])
        let b = try ChildProcess(Self.testkit, ["echo-worker", "scorer-b", endpoint, "1500"])
        defer { a.abandon(); b.abandon() }
        try await eventually(.seconds(10), "two live workers") { dispatcher.statistics.liveWorkers == 2 }

        let outcome = Task { await dispatcher.submit(Self.trade, deadline: .seconds(20)) }
        // Whichever process took the job is killed without a word.
        let holder = try await withTimeout(.seconds(10)) {
            while true {
                if a.output.contains("JOB 777") { return (victim: a, survivor: "scorer-b") }
                if b.output.contains("JOB 777") { return (victim: b, survivor: "scorer-a") }
                try await Task.sleep(for: .milliseconds(10))
            }
        }
        holder.victim.kill(SIGKILL)

        let result = try await withTimeout(.seconds(20)) { await outcome.value }
        #expect(result.result(as: Trade.self) == Self.trade)
        #expect(result.worker?.name == holder.survivor)
        #expect(dispatcher.statistics.redispatched == 1)
        #expect(dispatcher.statistics.workersLost == 1)
        await dispatcher.close()
    }

    @Test func withEveryWorkerProcessGoneTheDeadlineGivesATimeout() async throws {
        var options = Dispatcher.Options()
        options.heartbeatInterval = .milliseconds(100)
        let dispatcher = try Dispatcher(service: ServiceName(unchecked: "features"), bind: ["tcp://127.0.0.1:*"], options: options)
        let only = try ChildProcess(Self.testkit, ["echo-worker", "scorer-a", dispatcher.endpoints[0], "5000"])
        defer { only.abandon() }
        try await eventually(.seconds(10), "a live worker") { dispatcher.statistics.liveWorkers == 1 }
        let outcome = Task { await dispatcher.submit(Self.trade, deadline: .seconds(2)) }
        _ = await only.waitForLine(timeout: .seconds(10)) { $0 == "JOB 777" }
        only.kill(SIGKILL)
        let result = try await withTimeout(.seconds(10)) { await outcome.value }
        #expect(result.isTimedOut)
        #expect(dispatcher.statistics.liveWorkers == 0)
        await dispatcher.close()
    }
}
