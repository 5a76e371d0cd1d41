@testable import ArenaBus
import ArenaCore
import ArenaWire
import Foundation
import Synchronization
import Testing

/// Fast heartbeats so dead workers are found within a fraction of a second.
let quickDispatch = Dispatcher.Options(heartbeatInterval: .milliseconds(50), liveness: 3)

func quickWorker(capacity: Int = 1) -> Worker.Options {
    Worker.Options(capacity: capacity, heartbeatInterval: .milliseconds(50), liveness: 3)
}

/// A worker whose handler records each job in `tally`, waits `delay` and answers `Pong(n, by: name)`.
func tallyWorker(
    _ name: String, _ dispatcher: Dispatcher, capacity: Int = 1, tally: Tally, delay: Duration = .zero
) throws -> Worker {
    try Worker(service: service(name), connect: dispatcher.endpoints, options: quickWorker(capacity: capacity)) { envelope in
        let ping = try envelope.decode(Ping.self)
        tally.start(ping.n, worker: name)
        defer { tally.end(ping.n) }
        if delay > .zero { try await Task.sleep(for: delay) }
        return Pong(n: ping.n, by: name)
    }
}

@Suite("Dispatcher and workers", .serialized)
struct DispatcherTests {
    @Test(arguments: Transport.allCases)
    func spreadsConcurrentJobsOverWorkers(transport: Transport) async throws {
        let dispatcher = try Dispatcher(service: service("features"), bind: [transport.bindEndpoint("jobs")], options: quickDispatch)
        let tally = Tally()
        let a = try tallyWorker("scorer-a", dispatcher, capacity: 4, tally: tally, delay: .milliseconds(2))
        let b = try tallyWorker("scorer-b", dispatcher, capacity: 4, tally: tally, delay: .milliseconds(2))
        try await eventually { dispatcher.statistics.liveWorkers == 2 }
        let outcomes = try await withTimeout(.seconds(20)) {
            await withTaskGroup(of: (Int, JobOutcome).self) { group in
                for i in 0..<300 {
                    group.addTask { (i, await dispatcher.submit(Ping(i), deadline: .seconds(15))) }
                }
                var all: [Int: JobOutcome] = [:]
                for await (i, outcome) in group { all[i] = outcome }
                return all
            }
        }
        #expect(outcomes.count == 300)
        for (i, outcome) in outcomes { #expect(outcome.result(as: Pong.self)?.n == i) }
        let perWorker = tally.startedPerWorker
        #expect(perWorker["scorer-a", default: 0] > 0 && perWorker["scorer-b", default: 0] > 0)
        #expect(perWorker.values.reduce(0, +) == 300)
        #expect(tally.duplicates == 0)
        #expect(tally.maxConcurrent <= 8)
        #expect(dispatcher.statistics.completed == 300)
        await a.close()
        await b.close()
        await dispatcher.close()
    }

    @Test func workerCapacityIsRespected() async throws {
        let dispatcher = try Dispatcher(service: service("features"), bind: [ZMQEndpoints.uniqueInproc("cap")], options: quickDispatch)
        let tally = Tally()
        let worker = try tallyWorker("scorer", dispatcher, capacity: 3, tally: tally, delay: .milliseconds(40))
        try await eventually { dispatcher.statistics.liveWorkers == 1 }
        try await withTimeout {
            await withTaskGroup(of: Void.self) { group in
                for i in 0..<15 { group.addTask { _ = await dispatcher.submit(Ping(i), deadline: .seconds(10)) } }
            }
        }
        #expect(tally.maxConcurrent == 3)
        #expect(dispatcher.statistics.completed == 15)
        await worker.close()
        await dispatcher.close()
    }

    @Test(arguments: Transport.allCases)
    func jobOfACrashedWorkerCompletesOnAnother(transport: Transport) async throws {
        let dispatcher = try Dispatcher(service: service("features"), bind: [transport.bindEndpoint("crash")], options: quickDispatch)
        let tally = Tally()
        // Worker A takes the job and never answers (until it is gone).
        let a = try Worker(service: service("scorer-a"), connect: dispatcher.endpoints, options: quickWorker()) { envelope in
            let ping = try envelope.decode(Ping.self)
            tally.start(ping.n, worker: "scorer-a")
            defer { tally.end(ping.n) }
            try await Task.sleep(for: .seconds(60))
            return Pong(n: ping.n, by: "scorer-a")
        }
        try await eventually { dispatcher.statistics.liveWorkers == 1 }
        let job = Task { await dispatcher.submit(Ping(7), deadline: .seconds(15)) }
        try await eventually { tally.startedPerWorker["scorer-a"] == 1 }
        let b = try tallyWorker("scorer-b", dispatcher, tally: tally)
        try await eventually { dispatcher.statistics.liveWorkers == 2 }
        await a.simulateCrash()
        let outcome = try await withTimeout { await job.value }
        #expect(outcome.result(as: Pong.self) == Pong(n: 7, by: "scorer-b"))
        #expect(outcome.worker?.name == "scorer-b")
        #expect(dispatcher.statistics.redispatched == 1)
        #expect(dispatcher.statistics.workersLost == 1)
        #expect(tally.duplicates == 0)
        await b.close()
        await dispatcher.close()
    }

    @Test(arguments: Transport.allCases)
    func stalledWorkerIsResetAndItsLateResultDropped(transport: Transport) async throws {
        let dispatcher = try Dispatcher(service: service("features"), bind: [transport.bindEndpoint("stall")], options: quickDispatch)
        let tally = Tally()
        let a = try tallyWorker("scorer-a", dispatcher, tally: tally, delay: .milliseconds(20))
        try await eventually { dispatcher.statistics.liveWorkers == 1 }
        // Freeze A as soon as it holds the job: it answers only after the
        // dispatcher has declared it dead and given the job to B.
        let job = Task { await dispatcher.submit(Ping(9), deadline: .seconds(15)) }
        try await eventually { tally.startedPerWorker["scorer-a"] == 1 }
        a.stall(for: .seconds(1))
        let b = try tallyWorker("scorer-b", dispatcher, tally: tally)
        let outcome = try await withTimeout { await job.value }
        #expect(outcome.worker?.name == "scorer-b")
        // After the stall A's stale answer is dropped, A is told to reset and
        // comes back under a new session.
        try await eventually { dispatcher.statistics.lateResults >= 1 }
        try await eventually { a.statistics.sessions == 2 && dispatcher.statistics.liveWorkers == 2 }
        #expect(dispatcher.statistics.completed == 1)
        #expect(tally.duplicates == 0)
        let again = try await withTimeout {
            await withTaskGroup(of: JobOutcome.self) { group in
                for i in 0..<10 { group.addTask { await dispatcher.submit(Ping(100 + i), deadline: .seconds(10)) } }
                var n = 0
                for await outcome in group where outcome.result(as: Pong.self) != nil { n += 1 }
                return n
            }
        }
        #expect(again == 10)
        await a.close()
        await b.close()
        await dispatcher.close()
    }

    @Test(arguments: Transport.allCases)
    func deadlineGivesTimeoutWhenNoWorkerIsLeft(transport: Transport) async throws {
        let dispatcher = try Dispatcher(service: service("features"), bind: [transport.bindEndpoint("gone")], options: quickDispatch)
        let tally = Tally()
        let a = try tallyWorker("scorer-a", dispatcher, tally: tally)
        try await eventually { dispatcher.statistics.liveWorkers == 1 }
        await a.simulateCrash()
        let started = ContinuousClock.now
        let outcome = try await withTimeout { await dispatcher.submit(Ping(1), deadline: .milliseconds(300)) }
        let elapsed = ContinuousClock.now - started
        #expect(outcome.isTimedOut)
        #expect(elapsed >= .milliseconds(300) && elapsed < .seconds(3))
        #expect(dispatcher.statistics.timedOut == 1)
        await dispatcher.close()
    }

    @Test func slowJobTimesOutAndItsWorkerIsToldToCancel() async throws {
        let dispatcher = try Dispatcher(service: service("features"), bind: [ZMQEndpoints.uniqueInproc("slow")], options: quickDispatch)
        let worker = try Worker(service: service("scorer"), connect: dispatcher.endpoints, options: quickWorker()) { envelope in
            let ping = try envelope.decode(Ping.self)
            if ping.n == 1 { try await Task.sleep(for: .seconds(30)) }
            return Pong(n: ping.n, by: "scorer")
        }
        try await eventually { dispatcher.statistics.liveWorkers == 1 }
        let slow = try await withTimeout { await dispatcher.submit(Ping(1), deadline: .milliseconds(200)) }
        #expect(slow.isTimedOut)
        try await eventually { worker.statistics.cancelled == 1 }
        // The cancelled job's answer frees the slot and is dropped as late.
        try await eventually { dispatcher.statistics.lateResults == 1 && dispatcher.statistics.inFlight == 0 }
        let fast = try await withTimeout { await dispatcher.submit(Ping(2), deadline: .seconds(5)) }
        #expect(fast.result(as: Pong.self)?.n == 2)
        await worker.close()
        await dispatcher.close()
    }

    @Test func handlerErrorsAndCancellationAreOutcomes() async throws {
        let dispatcher = try Dispatcher(service: service("features"), bind: [ZMQEndpoints.uniqueInproc("fail")], options: quickDispatch)
        let worker = try Worker(service: service("scorer"), connect: dispatcher.endpoints, options: quickWorker()) { envelope in
            let ping = try envelope.decode(Ping.self)
            if ping.n < 0 { throw BusError.invalidConfiguration("negative job") }
            return Pong(n: ping.n, by: "scorer")
        }
        try await eventually { dispatcher.statistics.liveWorkers == 1 }
        let failed = try await withTimeout { await dispatcher.submit(Ping(-1), deadline: .seconds(5)) }
        guard case let .failed(.worker(who, reason)) = failed else {
            Issue.record("expected a worker failure, got \(failed)")
            return
        }
        #expect(who.name == "scorer")
        #expect(reason.contains("negative job"))
        await worker.close()
        // No worker left: a cancelled submitter gets `.cancelled`, and
        // closing the dispatcher fails what is still queued.
        let cancelled = Task { await dispatcher.submit(Ping(1), deadline: .seconds(30)) }
        let queued = Task { await dispatcher.submit(Ping(2), deadline: .seconds(30)) }
        try await eventually { dispatcher.statistics.pending == 2 }
        cancelled.cancel()
        let cancelledOutcome = try await withTimeout { await cancelled.value }
        guard case .failed(.cancelled) = cancelledOutcome else {
            Issue.record("expected cancellation")
            return
        }
        await dispatcher.close()
        let queuedOutcome = try await withTimeout { await queued.value }
        guard case .failed(.closed) = queuedOutcome else {
            Issue.record("expected closed")
            return
        }
    }

    @Test func gracefullyLeavingWorkerHandsItsJobsBack() async throws {
        let dispatcher = try Dispatcher(service: service("features"), bind: [ZMQEndpoints.uniqueInproc("leave")], options: quickDispatch)
        let tally = Tally()
        let a = try Worker(service: service("scorer-a"), connect: dispatcher.endpoints, options: quickWorker()) { envelope in
            let ping = try envelope.decode(Ping.self)
            tally.start(ping.n, worker: "scorer-a")
            defer { tally.end(ping.n) }
            try await Task.sleep(for: .seconds(30))
            return Pong(n: ping.n, by: "scorer-a")
        }
        try await eventually { dispatcher.statistics.liveWorkers == 1 }
        let job = Task { await dispatcher.submit(Ping(3), deadline: .seconds(15)) }
        try await eventually { tally.startedPerWorker["scorer-a"] == 1 }
        let b = try tallyWorker("scorer-b", dispatcher, tally: tally)
        try await eventually { dispatcher.statistics.liveWorkers == 2 }
        await a.close()
        let outcome = try await withTimeout { await job.value }
        #expect(outcome.worker?.name == "scorer-b")
        #expect(dispatcher.statistics.workersLost == 0)
        #expect(dispatcher.statistics.redispatched == 1)
        await b.close()
        await dispatcher.close()
    }

    @Test func unknownSessionsAreToldToDisconnect() async throws {
        let dispatcher = try Dispatcher(service: service("features"), bind: [ZMQEndpoints.uniqueInproc("rogue")], options: quickDispatch)
        let endpoint = dispatcher.endpoints[0]
        // A RESULT from a session the dispatcher never met, then garbage;
        // the raw socket blocks, so it runs on a thread of its own.
        let reply = try await onThread { () throws -> DispatchProtocol.Message in
            let rogue = try ZMQSocket(.dealer)
            try rogue.set(.receiveTimeout, .seconds(5))
            try rogue.connect(endpoint)
            try rogue.send(DispatchProtocol.frames(.result(id: 1, envelope: [1, 2, 3])))
            guard let frames = try rogue.receive() else { throw TestTimeout(limit: .seconds(5)) }
            try rogue.send([Array("garbage".utf8)])
            return try DispatchProtocol.parse(frames[...])
        }
        #expect(reply == .disconnect)
        try await eventually { dispatcher.statistics.lateResults == 1 && dispatcher.statistics.malformed == 1 }
        await dispatcher.close()
    }
}
