import ArenaCore
import ArenaWire

/// The requester's thread: owns the REQ socket, sends one call at a time,
/// and applies the lazy-pirate timeout, close, reopen and resend.
struct RequesterLoop {
    private var socket: ZMQSocket
    private let factory: RequesterSocketFactory
    private let core: RequesterCore
    private var poller = Poller()
    private let socketIndex: Int
    private var queue = RingBuffer<RequesterCore.Call>()
    private var current: RequesterCore.Call?
    /// Attempts made for `current`.
    private var attempts = 0
    private var attemptDeadline: UInt64 = 0

    init(socket: ZMQSocket, factory: RequesterSocketFactory, core: RequesterCore) {
        self.socket = socket
        self.factory = factory
        self.core = core
        socketIndex = poller.add(socket)
        poller.add(fileDescriptor: core.inbox.wake.readFD)
    }

    mutating func run() {
        while !core.inbox.isStopping {
            do throws(BusError) {
                poller.setEvents(current == nil ? [] : .readable, at: socketIndex)
                let timeout: Duration? = current == nil ? nil : .nanoseconds(Int64(attemptDeadline &- min(attemptDeadline, MonotonicClock.nanoseconds())))
                do { try poller.poll(timeout: timeout) } catch { throw .zmq(error) }
                try core.inbox.drain { (command) throws(BusError) in try handle(command) }
                if current != nil && poller.isReadable(socketIndex) { try receiveReply() }
                if current != nil && MonotonicClock.nanoseconds() >= attemptDeadline { try attemptTimedOut() }
                if current == nil { try startNext() }
            } catch {
                if case let .zmq(e) = error, e.isTerminated { break }
                core.logger.error("requester socket failed: \(error)")
                // The call in flight cannot know whether it was delivered; it
                // fails, and a fresh socket serves the rest of the queue.
                if let call = current { finish(call, .failure(error)) }
                current = nil
                do { try resetSocket() } catch {
                    core.logger.error("requester cannot reopen its socket: \(error)")
                    break
                }
            }
        }
        if let call = current { finish(call, .failure(.closed)) }
        for call in queue.removeAll() { finish(call, .failure(.closed)) }
        for case let .send(call) in core.inbox.take() { finish(call, .failure(.closed)) }
        socket.close()
    }

    private mutating func handle(_ command: RequesterCore.Command) throws(BusError) {
        switch command {
        case let .send(call):
            core.requests.increment()
            queue.append(call)
        case let .cancel(key):
            if let call = current, call.key == key {
                finish(call, .failure(.cancelled))
                current = nil
                // The REQ socket now waits for a reply nobody wants.
                try resetSocket()
            } else if let call = queue.removeFirst(where: { $0.key == key }) {
                finish(call, .failure(.cancelled))
            }
        }
    }

    private mutating func startNext() throws(BusError) {
        guard let next = queue.popFirst() else { return }
        current = next
        attempts = 0
        try sendCurrent()
    }

    private mutating func sendCurrent() throws(BusError) {
        guard let call = current else { return }
        attempts += 1
        attemptDeadline = MonotonicClock.nanoseconds() &+ Poller.nanoseconds(call.timeout)
        // Without ZMQ_IMMEDIATE a REQ queues to its connecting pipe, so this
        // does not block; if it could not queue, the attempt simply times out.
        do { try socket.send(call.frame, dontWait: true) } catch { throw .zmq(error) }
    }

    private mutating func attemptTimedOut() throws(BusError) {
        guard let call = current else { return }
        try resetSocket()
        if attempts > call.retries {
            core.timeouts.increment()
            core.logger.warning("request \(call.requestID) timed out after \(attempts) attempt(s)")
            finish(call, .failure(.timeout(attempts: attempts, perAttempt: call.timeout)))
            current = nil
        } else {
            core.retries.increment()
            core.logger.info("request \(call.requestID) timed out; resending (attempt \(attempts + 1))")
            try sendCurrent()
        }
    }

    /// Lazy pirate: a REQ socket that lost its reply cannot send again, so it
    /// is closed (linger zero drops the stale request) and a fresh one connects.
    private mutating func resetSocket() throws(BusError) {
        socket.close()
        socket = try factory.make()
        poller.replace(socket, at: socketIndex)
    }

    private mutating func receiveReply() throws(BusError) {
        let received: [[UInt8]]?
        do { received = try socket.receive(dontWait: true) } catch { throw .zmq(error) }
        guard let frames = received, let call = current else { return }
        current = nil
        core.replies.increment()
        finish(call, interpret(frames, for: call))
    }

    private func interpret(_ frames: [[UInt8]], for call: RequesterCore.Call) -> Result<Envelope, BusError> {
        guard frames.count == 1 else { return malformed("expected one envelope frame, got \(frames.count)") }
        let reply: Envelope
        do { reply = try Envelope(parsing: frames[0], maxFrameBytes: core.options.maxFrameBytes) } catch {
            return malformed("\(error)")
        }
        guard reply.metadata.correlation == call.requestID else {
            return malformed("reply correlates to \(reply.metadata.correlation.map(\.description) ?? "nothing"), not \(call.requestID)")
        }
        guard reply.typeID == ErrorReply.wireType.id else { return .success(reply) }
        core.errorReplies.increment()
        do { return .failure(.remote(try reply.decode(ErrorReply.self))) } catch {
            return malformed("unreadable error reply: \(error)")
        }
    }

    private func malformed(_ why: String) -> Result<Envelope, BusError> {
        core.malformed.increment()
        core.logger.warning("malformed reply: \(why)")
        return .failure(.malformedReply(why))
    }

    private func finish(_ call: RequesterCore.Call, _ result: Result<Envelope, BusError>) {
        if case .success = result {
            core.latency.recordNanoseconds(Int64(MonotonicClock.nanoseconds() &- call.startedAt))
        }
        call.continuation?.resume(returning: result)
    }
}
