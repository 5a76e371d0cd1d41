import ArenaCore

/// The dispatcher's thread: owns the ROUTER socket, the job table, the
/// pending queue, the deadlines and the worker table. Nothing here is
/// shared, so nothing here locks.
struct DispatcherLoop {
    private struct Deadline: Comparable {
        var at: UInt64
        var job: UInt64
        static func < (a: Deadline, b: Deadline) -> Bool { (a.at, a.job) < (b.at, b.job) }
    }

    private enum SendResult { case sent, unreachable, full }

    private static let batch = 512

    private let socket: ZMQSocket
    private let core: DispatcherCore
    private var workers: WorkerTable
    private var jobs: [UInt64: DispatcherCore.Job] = [:]
    private var pending = RingBuffer<UInt64>(capacity: 256)
    private var deadlines = MinHeap<Deadline>()
    private var nextHeartbeat: UInt64 = 0
    private let heartbeatNanos: UInt64
    private let heartbeatFrames: [[UInt8]]
    private let disconnectFrames = DispatchProtocol.frames(.disconnect)
    private var malformedLog = LogThrottle()

    init(socket: ZMQSocket, core: DispatcherCore) {
        self.socket = socket
        self.core = core
        workers = WorkerTable(deadMemory: core.options.deadSessionMemory)
        heartbeatNanos = Poller.nanoseconds(core.options.heartbeatInterval)
        heartbeatFrames = DispatchProtocol.frames(.heartbeat(intervalMilliseconds: UInt32(clamping: heartbeatNanos / 1_000_000)))
    }

    mutating func run() {
        var poller = Poller()
        let socketIndex = poller.add(socket)
        poller.add(fileDescriptor: core.inbox.wake.readFD)
        nextHeartbeat = MonotonicClock.nanoseconds() &+ heartbeatNanos
        while !core.inbox.isStopping {
            do throws(ZMQError) {
                var wakeAt = nextHeartbeat
                if let first = deadlines.min { wakeAt = min(wakeAt, first.at) }
                let now = MonotonicClock.nanoseconds()
                try poller.poll(timeout: .nanoseconds(Int64(wakeAt &- min(wakeAt, now))))
                try core.inbox.drain { (command) throws(ZMQError) in try handle(command) }
                if poller.isReadable(socketIndex) { try readBatch() }
                try tick(now: MonotonicClock.nanoseconds())
                try dispatchPending()
                core.liveWorkers.set(workers.live.count)
                core.inFlight.set(workers.jobsHeld)
                core.pending.set(pending.count)
            } catch {
                if error.isTerminated || error.isClosedSocket { break }
                core.logger.error("dispatcher loop error: \(error)")
            }
        }
        shutDown()
    }

    // MARK: Submissions

    private mutating func handle(_ command: DispatcherCore.Command) throws(ZMQError) {
        switch command {
        case let .submit(job):
            core.submitted.increment()
            jobs[job.id] = job
            deadlines.insert(Deadline(at: job.deadline, job: job.id))
            pending.append(job.id)
        case let .cancel(id):
            guard let job = jobs.removeValue(forKey: id) else { return }
            if let worker = job.worker { try cancel(id, at: worker) }
            job.continuation.resume(returning: .failed(.cancelled))
        }
    }

    /// Gives pending jobs to idle worker slots, oldest job first.
    private mutating func dispatchPending() throws(ZMQError) {
        while let id = pending.first {
            guard let job = jobs[id], job.worker == nil else {
                _ = pending.popFirst()  // finished or timed out while queued
                continue
            }
            guard let worker = workers.pickIdle() else { return }
            _ = pending.popFirst()
            let now = MonotonicClock.nanoseconds()
            let budget = UInt32(clamping: max((job.deadline &- min(job.deadline, now)) / 1_000_000, 1))
            switch try send(DispatchProtocol.frames(.job(id: id, budgetMilliseconds: budget, envelope: job.frame)), to: worker) {
            case .sent:
                workers.assign(id, to: worker)
                jobs[id]?.worker = worker
            case .unreachable:
                pending.prepend(id)
                try declareDead(worker, reason: "unreachable")
            case .full:
                pending.prepend(id)
                workers.block(worker)
            }
        }
    }

    // MARK: Worker messages

    private mutating func readBatch() throws(ZMQError) {
        for _ in 0..<Self.batch {
            guard let frames = try socket.receive(dontWait: true) else { return }
            try handle(frames)
        }
    }

    private mutating func handle(_ frames: [[UInt8]]) throws(ZMQError) {
        guard frames.count >= 2 else { return reject("message of \(frames.count) frame(s)") }
        let worker = frames[0]
        let message: DispatchProtocol.Message
        do { message = try DispatchProtocol.parse(frames[1...]) } catch { return reject("from \(worker.hex): \(error)") }
        let now = MonotonicClock.nanoseconds()
        if case let .ready(capacity, interval, name) = message {
            return try register(worker, name: name, capacity: capacity, intervalMilliseconds: interval, now: now)
        }
        guard workers.heard(from: worker, now: now) else {
            // A dead or unknown session: whatever it says, it must start over.
            switch message {
            case .result, .failed: core.lateResults.increment()
            default: break
            }
            if message != .disconnect { _ = try send(disconnectFrames, to: worker) }
            return
        }
        switch message {
        case .heartbeat, .ready:
            break
        case let .result(id, envelope):
            try finish(id, from: worker) { .result(frame: envelope, worker: $0, submittedAt: $1) }
        case let .failed(id, reason):
            try finish(id, from: worker) { worker, _ in .failed(.worker(worker, reason: reason)) }
        case .disconnect:
            try declareDead(worker, reason: "left", graceful: true)
        case .job, .cancel:
            reject("worker \(worker.hex) sent a dispatcher command")
        }
    }

    private mutating func register(_ worker: [UInt8], name: String, capacity: UInt32, intervalMilliseconds: UInt32, now: UInt64) throws(ZMQError) {
        guard !workers.isDead(worker) else {
            _ = try send(disconnectFrames, to: worker)
            return
        }
        guard workers.live[worker] == nil else {
            _ = workers.heard(from: worker, now: now)
            return
        }
        let session = workers.register(
            routingID: worker, name: name,
            capacity: min(max(Int(capacity), 1), core.options.maxWorkerCapacity),
            heartbeatNanos: max(UInt64(intervalMilliseconds) * 1_000_000, 1_000_000), now: now
        )
        core.logger.info("worker \(session.id) ready", metadata: ["capacity": "\(session.capacity)"])
    }

    private mutating func finish(
        _ id: UInt64, from worker: [UInt8],
        _ outcome: (WorkerID, UInt64) -> DispatcherCore.RawOutcome
    ) throws(ZMQError) {
        _ = workers.release(id, from: worker)
        guard let job = jobs[id], job.worker == worker, let session = workers.live[worker] else {
            core.lateResults.increment()
            return
        }
        jobs[id] = nil
        job.continuation.resume(returning: outcome(session.id, job.submittedAt))
    }

    // MARK: Timers

    private mutating func tick(now: UInt64) throws(ZMQError) {
        while let first = deadlines.min, first.at <= now {
            _ = deadlines.popMin()
            guard let job = jobs.removeValue(forKey: first.job) else { continue }
            if let worker = job.worker { try cancel(job.id, at: worker) }
            job.continuation.resume(returning: .timedOut)
        }
        guard now >= nextHeartbeat else { return }
        nextHeartbeat = now &+ heartbeatNanos
        for worker in workers.silent(now: now, liveness: core.options.liveness) {
            try declareDead(worker, reason: "missed \(core.options.liveness) heartbeats")
        }
        for worker in Array(workers.live.keys) where try send(heartbeatFrames, to: worker) == .unreachable {
            try declareDead(worker, reason: "unreachable")
        }
    }

    // MARK: Worker loss

    /// Ends a session and queues its unfinished jobs again, oldest first,
    /// ahead of everything else.
    private mutating func declareDead(_ worker: [UInt8], reason: String, graceful: Bool = false) throws(ZMQError) {
        guard let session = workers.remove(worker) else { return }
        var requeued = 0
        for id in session.holding.sorted().reversed() where jobs[id]?.worker == worker {
            jobs[id]?.worker = nil
            pending.prepend(id)
            requeued += 1
        }
        core.redispatched.increment(by: requeued)
        if graceful {
            core.logger.info("worker \(session.id) left; \(requeued) job(s) re-dispatched")
        } else {
            core.workersLost.increment()
            core.logger.warning("worker \(session.id) declared dead (\(reason)); \(requeued) job(s) re-dispatched")
            // If it is still connected, it must reset before it may work again.
            _ = try send(disconnectFrames, to: worker)
        }
    }

    private mutating func cancel(_ id: UInt64, at worker: [UInt8]) throws(ZMQError) {
        if try send(DispatchProtocol.frames(.cancel(id: id)), to: worker) == .unreachable {
            try declareDead(worker, reason: "unreachable")
        }
    }

    // MARK: Plumbing

    private func send(_ frames: [[UInt8]], to worker: [UInt8]) throws(ZMQError) -> SendResult {
        do {
            // ROUTER_MANDATORY makes the routing frame fail for a vanished peer.
            guard try socket.send(worker, more: true, dontWait: true) else { return .full }
            for (i, frame) in frames.enumerated() {
                try socket.send(frame, more: i < frames.count - 1, dontWait: true)
            }
            return .sent
        } catch where error.isHostUnreachable {
            return .unreachable
        }
    }

    private mutating func reject(_ why: String) {
        core.malformed.increment()
        if let n = malformedLog.record() {
            core.logger.warning("malformed dispatch message (\(n) so far): \(why)")
        }
    }

    private mutating func shutDown() {
        for job in jobs.values { job.continuation.resume(returning: .failed(.closed)) }
        jobs.removeAll()
        for case let .submit(job) in core.inbox.take() { job.continuation.resume(returning: .failed(.closed)) }
        for worker in Array(workers.live.keys) { _ = try? send(disconnectFrames, to: worker) }
    }
}
