import ArenaBus
import ArenaCore
import ArenaWire
import Synchronization
import Testing

/// Driven by a simulated clock, the in-process transport is deterministic:
/// stamps read the clock, and deadlines and timeouts fire when the clock
/// passes them, never before, however long the wall clock takes.
@Suite("In-process transport on a simulated clock")
struct InProcessClockTests {
    static let start = Timestamp(milliseconds: 1_700_000_000_000)

    @Test func aJobsDeadlineFiresWhenTheClockPassesIt() async throws {
        let clock = SimulatedClock(start: Self.start)
        let bus = InProcessBus(clock: clock)
        let dispatcher = try bus.dispatcher(service: service("features"), bind: "features.router")
        let worker = try bus.worker(service: service("scorer"), connect: "features.router", capacity: 1) { _ in
            try await Task.sleep(for: .seconds(3_600))
            return Pong(n: 0, by: "never")
        }
        let outcome = Task { await dispatcher.submit(Ping(1), deadline: .seconds(8)) }
        // Two sleepers wait on the clock: the job's deadline and nothing else.
        try await eventually { clock.sleeping == 1 }
        #expect(clock.nextWake == Self.start.advanced(by: .seconds(8)))
        clock.advance(to: Self.start.advanced(by: .milliseconds(7_999)))
        try await Task.sleep(for: .milliseconds(50))
        #expect(clock.sleeping == 1, "not yet due: the job still runs")
        clock.advance(to: Self.start.advanced(by: .seconds(8)))
        #expect(await outcome.value.isTimedOut)
        await worker.close()
        await dispatcher.close()
    }

    @Test func resultsAndMessagesAreStampedWithTheClock() async throws {
        let clock = SimulatedClock(start: Self.start)
        let bus = InProcessBus(clock: clock)
        let dispatcher = try bus.dispatcher(service: service("features"), bind: "r")
        let worker = try bus.worker(service: service("scorer"), connect: "r", capacity: 2) { job in
            Pong(n: try job.decode(Ping.self).n + 1, by: "scorer")
        }
        clock.advance(by: .seconds(5))
        let outcome = await dispatcher.submit(Ping(41), deadline: .seconds(8), trace: "tick-1")
        guard case let .completed(result, by, latency) = outcome else { Issue.record("\(outcome)"); return }
        #expect(try result.decode(Pong.self).n == 42)
        #expect(result.metadata.sentAt == Self.start.advanced(by: .seconds(5)))
        #expect(result.metadata.trace == "tick-1")
        #expect(by.name == "scorer")
        #expect(latency == .zero, "no simulated time passed while the job ran")
        let publisher = try bus.publisher(service: service("gateway"), bind: "p")
        let subscriber = try bus.subscriber(service: service("features"), connect: ["p"], topics: [""], bufferCapacity: 8)
        try publisher.publish(Ping(1), topic: "t")
        var messages = subscriber.messages.makeAsyncIterator()
        #expect(await messages.next()?.metadata.sentAt == Self.start.advanced(by: .seconds(5)))
        await subscriber.close()
        await worker.close()
        await dispatcher.close()
    }

    @Test func aRequestTimesOutOnTheClockNotOnTheWall() async throws {
        let clock = SimulatedClock(start: Self.start)
        let bus = InProcessBus(clock: clock, requestTimeout: .seconds(2), requestRetries: 1)
        let client = try bus.requester(service: service("features"), connect: "risk.rep")  // nobody binds it
        let call = Task { () -> BusError? in
            do throws(BusError) { _ = try await client.request(Ping(1), expecting: Pong.self); return nil } catch { return error }
        }
        try await eventually { clock.sleeping == 1 }
        clock.advance(by: .seconds(2))
        try await eventually { clock.nextWake == Self.start.advanced(by: .seconds(4)) }
        clock.advance(by: .seconds(2))
        #expect(await call.value == .timeout(attempts: 2, perAttempt: .seconds(2)))
    }

    /// The same submissions on the same clock give the same outcomes, the
    /// same worker choices and the same stamps, run after run.
    @Test func twoRunsGiveTheSameOutcomes() async throws {
        func run() async throws -> [String] {
            let clock = SimulatedClock(start: Self.start)
            let bus = InProcessBus(clock: clock)
            let dispatcher = try bus.dispatcher(service: service("features"), bind: "r")
            var workers: [any JobWorker] = []
            for name in ["a", "b", "c"] {
                workers.append(try bus.worker(service: service(name), connect: "r", capacity: 1) { job in
                    Pong(n: try job.decode(Ping.self).n, by: name)
                })
            }
            var lines: [String] = []
            for i in 0..<9 {
                clock.advance(by: .seconds(1))
                let outcome = await dispatcher.submit(Ping(i), deadline: .seconds(8))
                guard case let .completed(result, by, _) = outcome else { throw TestTimeout(limit: .zero) }
                lines.append("\(i) \(by.name) \(result.metadata.sentAt.nanoseconds) \(try result.decode(Pong.self).n)")
            }
            for w in workers { await w.close() }
            await dispatcher.close()
            return lines
        }
        let first = try await run()
        #expect(first.map { $0.split(separator: " ")[1] } == ["a", "b", "c", "a", "b", "c", "a", "b", "c"])
        #expect(try await run() == first)
    }
}
