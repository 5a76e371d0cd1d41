import ArenaCore
import Foundation

/// The worker's thread: owns the DEALER socket of the current session,
/// starts job tasks, sends their answers and keeps the heartbeat.
struct WorkerLoop {
    private static let batch = 256

    private var socket: ZMQSocket
    private var routingID: [UInt8]
    private let factory: WorkerSocketFactory
    private let core: WorkerCore
    private var poller = Poller()
    private let socketIndex: Int
    /// Incremented per session; answers from an older session are dropped.
    private var session = 1
    private var running: [UInt64: Task<Void, Never>] = [:]
    private let intervalNanos: UInt64
    /// The dispatcher's announced heartbeat interval (ours until it says).
    private var peerIntervalNanos: UInt64
    private var lastHeard: UInt64 = 0
    private var nextHeartbeat: UInt64 = 0
    private var malformedLog = LogThrottle()

    init(first: WorkerSocketFactory.Session, factory: WorkerSocketFactory, core: WorkerCore) {
        socket = first.socket
        routingID = first.routingID
        self.factory = factory
        self.core = core
        intervalNanos = Poller.nanoseconds(core.options.heartbeatInterval)
        peerIntervalNanos = intervalNanos
        socketIndex = poller.add(socket)
        poller.add(fileDescriptor: core.inbox.wake.readFD)
    }

    private var livenessWindow: UInt64 { max(intervalNanos, peerIntervalNanos) &* UInt64(core.options.liveness) }

    mutating func run() {
        do { try announce() } catch { core.logger.error("worker cannot announce itself: \(error)") }
        while !core.inbox.isStopping {
            do throws(BusError) {
                let wakeAt = min(nextHeartbeat, lastHeard &+ livenessWindow)
                do {
                    try poller.poll(timeout: .nanoseconds(Int64(wakeAt &- min(wakeAt, MonotonicClock.nanoseconds()))))
                } catch { throw .zmq(error) }
                var resumedFromStall = false
                for command in core.inbox.take() {
                    switch try handle(command) {
                    case .proceed: break
                    case .stalled: resumedFromStall = true
                    case .crash: return crash()
                    }
                }
                // Like a process continued after SIGSTOP, a stalled loop
                // first flushes what piled up meanwhile, before it reads what
                // the dispatcher said or judges its silence.
                if resumedFromStall { continue }
                if poller.isReadable(socketIndex) { try readBatch() }
                try tick(now: MonotonicClock.nanoseconds())
                core.running.set(running.count)
            } catch {
                if case let .zmq(e) = error, e.isTerminated { break }
                core.logger.error("worker loop error: \(error)")
                do { try newSession(reason: "socket error") } catch {
                    core.logger.error("worker cannot reopen its socket: \(error)")
                    break
                }
            }
        }
        // Leaving: the dispatcher re-dispatches our jobs as soon as it hears this.
        _ = try? send(.disconnect)
        cancelAll()
        socket.close()
    }

    private enum Step { case proceed, stalled, crash }

    private mutating func handle(_ command: WorkerCore.Command) throws(BusError) -> Step {
        switch command {
        case let .finished(session, job, frames):
            guard session == self.session else { return .proceed }
            running[job] = nil
            do { _ = try socket.send(frames, dontWait: true) } catch { throw .zmq(error) }
            return .proceed
        case let .stall(duration):
            Thread.sleep(forTimeInterval: Double(Poller.nanoseconds(duration)) / 1e9)
            return .stalled
        case .crash:
            return .crash
        }
    }

    private mutating func readBatch() throws(BusError) {
        for _ in 0..<Self.batch {
            let frames: [[UInt8]]?
            do { frames = try socket.receive(dontWait: true) } catch { throw .zmq(error) }
            guard let frames else { return }
            let message: DispatchProtocol.Message
            do { message = try DispatchProtocol.parse(frames[...]) } catch {
                reject("\(error)")
                continue
            }
            lastHeard = MonotonicClock.nanoseconds()
            switch message {
            case let .job(id, _, envelope):
                try start(id, envelope)
            case let .cancel(id):
                running[id]?.cancel()
            case let .heartbeat(interval):
                peerIntervalNanos = max(UInt64(interval) * 1_000_000, 1_000_000)
            case .disconnect:
                // The dispatcher declared this session dead; nothing it runs
                // counts any more. The new session makes no promises the old
                // one made, so the loop stops reading this socket's backlog.
                try newSession(reason: "dispatcher sent DISCONNECT")
                return
            case .ready, .result, .failed:
                reject("dispatcher sent a worker command")
            }
        }
    }

    private mutating func start(_ id: UInt64, _ envelope: [UInt8]) throws(BusError) {
        core.jobs.increment()
        guard running[id] == nil else { return reject("job \(id) is already running") }
        guard running.count < core.options.capacity else {
            core.failed.increment()
            try send(.failed(id: id, reason: "over capacity (\(core.options.capacity))"))
            return
        }
        let session = self.session
        running[id] = Task { [core] in await core.run(job: id, envelope: envelope, session: session) }
    }

    private mutating func tick(now: UInt64) throws(BusError) {
        if now &- lastHeard > livenessWindow {
            core.logger.warning("dispatcher silent for \(livenessWindow / 1_000_000) ms; starting a new session")
            return try newSession(reason: "dispatcher silent")
        }
        if now >= nextHeartbeat {
            try send(.heartbeat(intervalMilliseconds: UInt32(clamping: intervalNanos / 1_000_000)))
            nextHeartbeat = now &+ intervalNanos
        }
    }

    /// Drops the current session (its jobs are cancelled, its answers will be
    /// discarded) and registers again under a fresh routing id.
    private mutating func newSession(reason: String) throws(BusError) {
        core.logger.info("worker starts a new session: \(reason)", metadata: ["old_session": "\(routingID.hex)"])
        cancelAll()
        session += 1
        // Nothing the old session queued may reach the dispatcher now.
        try? socket.set(.linger, .zero)
        socket.close()
        let next = try factory.make()
        socket = next.socket
        routingID = next.routingID
        poller.replace(socket, at: socketIndex)
        try announce()
    }

    private mutating func announce() throws(BusError) {
        core.sessions.increment()
        try send(.ready(
            capacity: UInt32(clamping: core.options.capacity),
            heartbeatMilliseconds: UInt32(clamping: intervalNanos / 1_000_000), name: core.name
        ))
        let now = MonotonicClock.nanoseconds()
        lastHeard = now
        nextHeartbeat = now &+ intervalNanos
    }

    private mutating func cancelAll() {
        for task in running.values { task.cancel() }
        running.removeAll()
    }

    private func send(_ message: DispatchProtocol.Message) throws(BusError) {
        // A DEALER queues until the dispatcher is reachable; past the
        // high-water mark the message is dropped, and heartbeats or the
        // dispatcher's deadline take care of the consequences.
        do { _ = try socket.send(DispatchProtocol.frames(message), dontWait: true) } catch { throw .zmq(error) }
    }

    private mutating func crash() {
        core.inbox.requestStop()
        try? socket.set(.linger, .zero)
        socket.close()
        cancelAll()
    }

    private mutating func reject(_ why: String) {
        core.malformed.increment()
        if let n = malformedLog.record() {
            core.logger.warning("malformed dispatch message (\(n) so far): \(why)")
        }
    }
}
