import ArenaCore
import ArenaWire
import Logging
import Synchronization

/// Answers requests from ``Requester``s (or any REQ peer speaking the
/// envelope protocol) with an async handler.
///
/// The replier binds a ROUTER socket, so several requests are handled
/// concurrently (up to ``Options/maxConcurrentRequests``) and answered as
/// they finish; a REQ peer still sees strict request/reply. Each reply's
/// envelope has `correlation` set to the request's id and carries the
/// request's trace id.
///
/// Errors are replies too: a handler that throws ``ErrorReply`` sends it as
/// is; any other error becomes an `ErrorReply` with code
/// ``ErrorReply/Code/handlerFailed``; a request frame that is not a valid
/// envelope gets ``ErrorReply/Code/malformedRequest`` (and is counted).
///
/// A lazy-pirate requester resends a request after a timeout with the same
/// message id. The replier remembers the replies to the last
/// ``Options/replayCacheSize`` request ids and answers a resent request from
/// that memory (or joins it to the request still running) instead of
/// running the handler twice, so retries are idempotent.
public final class Replier: RequestServer {
    /// The request handler: the request in, the reply message out.
    public typealias Handler = RequestHandler

    /// Replier settings.
    public struct Options: Sendable {
        /// High-water marks, linger and limits of the ROUTER socket.
        public var socket: SocketOptions
        /// CURVE encryption and client authorization (tcp endpoints).
        public var curve: CurveServerConfig?
        /// Requests handled at once; further requests wait in libzmq's queue.
        public var maxConcurrentRequests: Int
        /// Replies remembered per request id, to answer resent requests.
        public var replayCacheSize: Int
        /// On ``Replier/close()``, how long requests in flight may still finish and be answered.
        public var drainTimeout: Duration
        /// Largest request envelope accepted.
        public var maxFrameBytes: Int
        /// The codec of replies.
        public var codec: WireCodec
        /// Start a ``SocketMonitor`` on the socket.
        public var monitor: Bool

        /// Options with bus defaults.
        public init(
            socket: SocketOptions = .default, curve: CurveServerConfig? = nil, maxConcurrentRequests: Int = 64,
            replayCacheSize: Int = 1024, drainTimeout: Duration = .seconds(2),
            maxFrameBytes: Int = WireProtocol.defaultMaxFrameBytes, codec: WireCodec = .binary, monitor: Bool = false
        ) {
            self.socket = socket
            self.curve = curve
            self.maxConcurrentRequests = maxConcurrentRequests
            self.replayCacheSize = replayCacheSize
            self.drainTimeout = drainTimeout
            self.maxFrameBytes = maxFrameBytes
            self.codec = codec
            self.monitor = monitor
        }
    }

    /// The endpoints bound, with wildcard ports resolved.
    public let endpoints: [String]
    /// Connection events, when ``Options/monitor`` is set.
    public let monitor: SocketMonitor?
    private let core: ReplierCore
    private let thread: BusThread
    private let zapRegistration: ZAPRegistration?

    /// Binds a replier for `service` to `endpoints`, answering with `handler`.
    public init(
        service: ServiceName, bind endpoints: [String], options: Options = Options(),
        context: ZMQContext = .shared, clock: any ArenaClock = WallClock(), handler: @escaping Handler
    ) throws(BusError) {
        let prepared = try PreparedSocket.make(
            .router, context: context, options: options.socket, security: .server(options.curve),
            endpoints: endpoints, monitorLabel: options.monitor ? "rep.\(service)" : nil
        )
        let inbox: LoopInbox<ReplierCore.Finished>
        do { inbox = try LoopInbox() } catch { throw .zmq(error) }
        let core = ReplierCore(service: service.value, options: options, clock: clock, inbox: inbox, handler: handler)
        self.core = core
        self.endpoints = prepared.endpoints
        self.monitor = prepared.monitor
        self.zapRegistration = prepared.zapRegistration
        let handoff = Mutex<ZMQSocket?>(prepared.socket)
        thread = BusThread.start(name: "rep.\(service)") {
            guard let socket = handoff.withLock({ $0.take() }) else { return }
            var loop = ReplierLoop(socket: socket, core: core)
            loop.run()
            socket.close()
        }
    }

    deinit { core.inbox.requestStop() }

    /// Stops taking requests, lets those in flight finish for up to
    /// ``Options/drainTimeout``, closes the socket and returns.
    public func close() async {
        core.inbox.requestStop()
        await thread.join()
    }

    /// Counters since creation.
    public var statistics: ReplierStatistics {
        ReplierStatistics(
            requests: core.received.value, replies: core.sent.value,
            errorReplies: core.errorReplies.value, replayed: core.replayed.value, malformed: core.malformed.value
        )
    }
}

/// A replier's counters.
public struct ReplierStatistics: Sendable, Hashable {
    /// Well-formed requests received (resends included).
    public var requests: Int
    /// Replies sent (error replies and replays included).
    public var replies: Int
    /// ``ErrorReply`` replies sent.
    public var errorReplies: Int
    /// Resent requests answered from the replay cache or joined to a running one.
    public var replayed: Int
    /// Frames that were not a request; counted and skipped (or answered with an error).
    public var malformed: Int
}

/// Replier state shared by its thread and the handler tasks.
final class ReplierCore: Sendable {
    /// A handler's finished reply, on its way back to the loop.
    struct Finished: Sendable {
        var requestID: MessageID
        var frame: [UInt8]
        var isError: Bool
    }

    let inbox: LoopInbox<Finished>
    let options: Replier.Options
    let stamper: EnvelopeStamper
    let handler: Replier.Handler
    let logger: Logger
    let received, sent, errorReplies, replayed, malformed: BusCounter
    let inFlight: BusGauge

    init(service: String, options: Replier.Options, clock: any ArenaClock, inbox: LoopInbox<Finished>, handler: @escaping Replier.Handler) {
        self.inbox = inbox
        self.options = options
        self.stamper = EnvelopeStamper(source: service, clock: clock)
        self.handler = handler
        let dimensions = [("service", service), ("pattern", "rep")]
        received = BusCounter(BusMetricName.received, dimensions)
        sent = BusCounter(BusMetricName.sent, dimensions)
        errorReplies = BusCounter(BusMetricName.errorReplies, dimensions)
        replayed = BusCounter(BusMetricName.repliesReplayed, dimensions)
        malformed = BusCounter(BusMetricName.malformed, dimensions)
        inFlight = BusGauge(BusMetricName.queueDepth, dimensions)
        self.logger = Logger.bus("arena.bus.replier", service: "\(service)")
    }

    /// Runs the handler for `request` on the calling task and posts the reply frame.
    func answer(_ request: Envelope) async {
        let reply: any WireMessage
        var isError = false
        do {
            reply = try await handler(EncodedBusMessage(envelope: request))
        } catch let error as ErrorReply {
            reply = error
            isError = true
        } catch {
            reply = ErrorReply(code: ErrorReply.Code.handlerFailed, message: "\(error)")
            isError = true
        }
        var frame = encode(reply, for: request.metadata)
        if frame == nil {
            isError = true
            frame = encode(ErrorReply(code: ErrorReply.Code.handlerFailed, message: "the reply could not be encoded"), for: request.metadata)
        }
        guard let frame else { return }
        inbox.post(Finished(requestID: request.metadata.id, frame: frame, isError: isError), duringShutdown: true)
    }

    /// The serialized reply envelope, correlated with the request; nil if it cannot be encoded.
    func encode(_ reply: any WireMessage, for request: EnvelopeMetadata?) -> [UInt8]? {
        do {
            return try stamper.envelopeFrame(reply, codec: options.codec, correlation: request?.id, trace: request?.trace).frame
        } catch {
            logger.error("cannot encode a reply of type \(type(of: reply).wireType): \(error)")
            return nil
        }
    }
}
