import ArenaCore
import ArenaWire
import Synchronization

/// Where in-process requesters find their server: one per address, made by
/// whichever side comes first. A request sent before the server binds waits
/// for it (within the request's timeout), as a ZeroMQ request would.
final class InProcessReplyPoint: Sendable {
    /// The server bound now, and the promise of the next one, which waiting requests await.
    private let state = Mutex<(server: InProcessReplier?, next: LocalPromise<InProcessReplier>)>((nil, LocalPromise()))

    func bind(_ server: InProcessReplier) throws(BusError) {
        let waiting = try state.withLock { (s: inout (server: InProcessReplier?, next: LocalPromise<InProcessReplier>)) throws(BusError) in
            guard s.server == nil else { throw .addressInUse(server.address) }
            s.server = server
            return s.next
        }
        waiting.fulfil(server)
    }

    func unbind(_ server: InProcessReplier) {
        state.withLock { s in
            guard s.server === server else { return }
            s.server = nil
            s.next = LocalPromise()
        }
    }

    /// The bound server, waiting for one to bind; nil if the task is cancelled first.
    func server() async -> InProcessReplier? {
        let (bound, next) = state.withLock { ($0.server, $0.next) }
        if let bound { return bound }
        return await next.value()
    }
}

/// The in-process ``RequestClient``: each attempt waits on the transport's
/// clock; a timed-out request is sent again with the same message id, so the
/// server answers it from memory instead of handling it twice.
final class InProcessRequester: RequestClient {
    private let point: InProcessReplyPoint
    private let sender: LocalSender
    private let clock: any ArenaClock
    private let timeout: Duration
    private let retries: Int
    private let sequence = Atomic<UInt64>(0)
    private let closed = Atomic<Bool>(false)

    init(service: ServiceName, point: InProcessReplyPoint, clock: any ArenaClock, timeout: Duration, retries: Int) {
        self.point = point
        self.sender = LocalSender(source: service.value)
        self.clock = clock
        self.timeout = timeout
        self.retries = retries
    }

    func send<Request: WireMessage>(
        _ request: Request, trace: String?, timeout: Duration?, retries: Int?
    ) async throws(BusError) -> any BusMessage {
        guard !closed.load(ordering: .acquiring) else { throw .closed }
        let perAttempt = timeout ?? self.timeout
        let attempts = max(retries ?? self.retries, 0) + 1
        let stamp = LocalStamp(
            sender: sender, sequence: sequence.add(1, ordering: .relaxed).newValue, sentAt: clock.now(), trace: trace,
            correlation: nil, topicSequence: nil
        )
        let message = LocalBusMessage(topic: "", value: request, stamp: stamp)
        let point = point
        for _ in 0..<attempts {
            let reply = await ClockDeadline.run(on: clock, until: clock.now().advanced(by: perAttempt)) { () async -> (any BusMessage)? in
                guard let server = await point.server() else { return nil }
                return await server.answer(message)
            }
            if Task.isCancelled { throw .cancelled }
            guard let reply else { continue }
            guard reply.typeID != ErrorReply.wireType.id else {
                do { throw BusError.remote(try reply.decode(ErrorReply.self)) } catch let error as BusError { throw error } catch {
                    throw .malformedReply("an error reply that does not decode: \(error)")
                }
            }
            return reply
        }
        throw .timeout(attempts: attempts, perAttempt: perAttempt)
    }

    func close() async { closed.store(true, ordering: .releasing) }
}

/// The in-process ``RequestServer``: runs the handler for each request in a
/// task of its own, remembers the replies to the last `replayCacheSize`
/// request ids, and answers a repeat from that memory or joins it to the
/// request still running.
final class InProcessReplier: RequestServer {
    private struct State {
        var replies: [MessageID: LocalPromise<any BusMessage>] = [:]
        var order: [MessageID] = []
        var running: [MessageID: Task<Void, Never>] = [:]
        var closed = false
    }

    let address: String
    private let point: InProcessReplyPoint
    private let sender: LocalSender
    private let clock: any ArenaClock
    private let handler: RequestHandler
    private let replayCacheSize: Int
    private let state = Mutex(State())
    private let sequence = Atomic<UInt64>(0)
    /// How long ``close()`` lets requests in flight finish before cancelling them.
    private let drainTimeout: Duration = .seconds(2)

    init(service: ServiceName, address: String, point: InProcessReplyPoint, clock: any ArenaClock, replayCacheSize: Int = 1024,
         handler: @escaping RequestHandler) {
        self.address = address
        self.point = point
        self.sender = LocalSender(source: service.value)
        self.clock = clock
        self.replayCacheSize = replayCacheSize
        self.handler = handler
    }

    /// The reply to `request`: handled once per message id, however often it is sent.
    func answer(_ request: any BusMessage) async -> (any BusMessage)? {
        let id = request.metadata.id
        let (promise, start) = state.withLock { s -> (LocalPromise<any BusMessage>?, Bool) in
            if let known = s.replies[id] { return (known, false) }
            guard !s.closed else { return (nil, false) }
            let fresh = LocalPromise<any BusMessage>()
            s.replies[id] = fresh
            s.order.append(id)
            if s.order.count > replayCacheSize { s.replies[s.order.removeFirst()] = nil }
            return (fresh, true)
        }
        guard let promise else { return nil }
        if start {
            let task = Task { await self.run(request, into: promise) }
            state.withLock { s in if !promise.isSet { s.running[id] = task } }
        }
        return await promise.value()
    }

    private func run(_ request: any BusMessage, into promise: LocalPromise<any BusMessage>) async {
        let reply: any WireMessage
        do { reply = try await handler(request) } catch let error as ErrorReply { reply = error } catch {
            reply = ErrorReply(code: ErrorReply.Code.handlerFailed, message: "\(error)")
        }
        let metadata = request.metadata
        let stamp = LocalStamp(
            sender: sender, sequence: sequence.add(1, ordering: .relaxed).newValue, sentAt: clock.now(), trace: metadata.trace,
            correlation: metadata.id, topicSequence: nil
        )
        promise.fulfil(localMessage(reply, stamp: stamp))
        _ = state.withLock { $0.running.removeValue(forKey: metadata.id) }
    }

    func close() async {
        let running = state.withLock { s -> [Task<Void, Never>] in
            s.closed = true
            return Array(s.running.values)
        }
        point.unbind(self)
        // Requests in flight may still finish and be answered for a while (real
        // time); past it their handlers are cancelled.
        _ = await ClockDeadline.run(on: WallClock(), until: WallClock().now().advanced(by: drainTimeout)) { () async -> Bool? in
            await withTaskCancellationHandler {
                for task in running { await task.value }
            } onCancel: {
                for task in running { task.cancel() }
            }
            return true
        }
    }
}

