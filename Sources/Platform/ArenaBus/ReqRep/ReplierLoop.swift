import ArenaCore
import ArenaWire

/// The replier's thread: owns the ROUTER socket, starts a handler task per
/// request and sends the replies the tasks post back.
struct ReplierLoop {
    private static let batch = 256

    private let socket: ZMQSocket
    private let core: ReplierCore
    /// A request whose handler is running.
    private struct Running {
        /// Every route waiting for the reply (more than one when a requester
        /// resent the request meanwhile).
        var routes: [[[UInt8]]]
        let task: Task<Void, Never>
    }

    private var waiting: [MessageID: Running] = [:]
    private var replayCache: [MessageID: [UInt8]] = [:]
    private var replayOrder = RingBuffer<MessageID>()
    private var malformedLog = LogThrottle()

    init(socket: ZMQSocket, core: ReplierCore) {
        self.socket = socket
        self.core = core
    }

    mutating func run() {
        var poller = Poller()
        let socketIndex = poller.add(socket)
        poller.add(fileDescriptor: core.inbox.wake.readFD)
        var drainDeadline: UInt64?
        while true {
            if core.inbox.isStopping {
                let deadline = drainDeadline ?? MonotonicClock.nanoseconds() &+ Poller.nanoseconds(core.options.drainTimeout)
                drainDeadline = deadline
                if waiting.isEmpty || MonotonicClock.nanoseconds() >= deadline { break }
            }
            let accepting = drainDeadline == nil && waiting.count < core.options.maxConcurrentRequests
            poller.setEvents(accepting ? .readable : [], at: socketIndex)
            do {
                try poller.poll(timeout: drainDeadline.map { .nanoseconds(Int64($0 &- min($0, MonotonicClock.nanoseconds()))) })
                try core.inbox.drain { (finished) throws(ZMQError) in try deliver(finished) }
                if accepting && poller.isReadable(socketIndex) { try readBatch() }
                core.inFlight.set(waiting.count)
            } catch {
                if !error.isTerminated { core.logger.error("replier stopped: \(error)") }
                break
            }
        }
        if !waiting.isEmpty {
            core.logger.warning("closing with \(waiting.count) request(s) unanswered; their requesters will retry")
            for running in waiting.values { running.task.cancel() }
        }
    }

    private mutating func readBatch() throws(ZMQError) {
        for _ in 0..<Self.batch where waiting.count < core.options.maxConcurrentRequests {
            guard let frames = try socket.receive(dontWait: true) else { return }
            try handle(frames)
        }
    }

    private mutating func handle(_ frames: [[UInt8]]) throws(ZMQError) {
        // A REQ peer's message arrives as [routing id…, empty, envelope].
        guard let delimiter = frames.firstIndex(where: \.isEmpty), delimiter > 0, frames.count == delimiter + 2 else {
            reject("not a request: \(frames.count) frame(s) without a routing envelope")
            return
        }
        let route = Array(frames[...delimiter])
        let request: Envelope
        do { request = try Envelope(parsing: frames[delimiter + 1], maxFrameBytes: core.options.maxFrameBytes) } catch {
            reject("bad request envelope: \(error)")
            let reply = ErrorReply(code: ErrorReply.Code.malformedRequest, message: "\(error)")
            if let frame = core.encode(reply, for: nil) { try send(frame, to: route, isError: true) }
            return
        }
        core.received.increment()
        let id = request.metadata.id
        if let cached = replayCache[id] {
            core.replayed.increment()
            try send(cached, to: route, isError: false)
        } else if waiting[id] != nil {
            core.replayed.increment()
            waiting[id]?.routes.append(route)
        } else {
            waiting[id] = Running(routes: [route], task: Task { [core] in await core.answer(request) })
        }
    }

    private mutating func deliver(_ finished: ReplierCore.Finished) throws(ZMQError) {
        for route in waiting.removeValue(forKey: finished.requestID)?.routes ?? [] {
            try send(finished.frame, to: route, isError: finished.isError)
        }
        guard core.options.replayCacheSize > 0 else { return }
        replayCache[finished.requestID] = finished.frame
        replayOrder.append(finished.requestID)
        if replayOrder.count > core.options.replayCacheSize, let evicted = replayOrder.popFirst() {
            replayCache[evicted] = nil
        }
    }

    private func send(_ frame: [UInt8], to route: [[UInt8]], isError: Bool) throws(ZMQError) {
        // A ROUTER drops (rather than blocks on) a reply to a peer that is
        // gone or full; that peer's lazy-pirate retry recovers.
        for part in route { try socket.send(part, more: true, dontWait: true) }
        try socket.send(frame, dontWait: true)
        core.sent.increment()
        if isError { core.errorReplies.increment() }
    }

    private mutating func reject(_ why: String) {
        core.malformed.increment()
        if let n = malformedLog.record() {
            core.logger.warning("malformed request (\(n) so far): \(why)")
        }
    }
}
