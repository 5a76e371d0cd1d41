import ArenaCore
import ArenaWire
import Logging
import Metrics
import Synchronization

/// Sends requests to a ``Replier`` and waits for the replies, with the
/// lazy-pirate pattern (ZeroMQ guide, chapter 4) for reliability.
///
/// Each attempt waits up to the request's timeout. On timeout the REQ
/// socket, now stuck waiting for a reply that may never come, is closed and
/// reopened, and the same request (same message id, so the replier can
/// answer it from its replay cache) is sent again, up to `retries` times;
/// then the call fails with ``BusError/timeout(attempts:perAttempt:)``.
///
/// Calls may come from many tasks at once; a REQ socket carries one request
/// at a time, so they are queued and sent in order by the requester's
/// thread. Cancelling the calling task fails its call with
/// ``BusError/cancelled`` (and resets the socket if it was in flight).
public final class Requester: RequestClient {
    /// Requester settings.
    public struct Options: Sendable {
        /// High-water marks and limits of the REQ socket. Linger is always
        /// zero: a request abandoned by a socket reset must not be delivered late.
        public var socket: SocketOptions
        /// CURVE settings to verify the replier and authenticate to it (tcp endpoints).
        public var curve: CurveClientConfig?
        /// How long one attempt waits for its reply.
        public var timeout: Duration
        /// Resends after the first attempt times out.
        public var retries: Int
        /// The codec of requests.
        public var codec: WireCodec
        /// Largest reply envelope accepted.
        public var maxFrameBytes: Int

        /// Options with bus defaults.
        public init(
            socket: SocketOptions = .default, curve: CurveClientConfig? = nil, timeout: Duration = .seconds(2),
            retries: Int = 3, codec: WireCodec = .binary, maxFrameBytes: Int = WireProtocol.defaultMaxFrameBytes
        ) {
            self.socket = socket
            self.curve = curve
            self.timeout = timeout
            self.retries = retries
            self.codec = codec
            self.maxFrameBytes = maxFrameBytes
        }
    }

    private let core: RequesterCore
    private let thread: BusThread

    /// Connects a requester for `service` to `endpoints` (several endpoints
    /// are used round-robin by libzmq).
    public init(
        service: ServiceName, connect endpoints: [String], options: Options = Options(),
        context: ZMQContext = .shared, clock: any ArenaClock = WallClock()
    ) throws(BusError) {
        guard options.retries >= 0, options.timeout > .zero else {
            throw .invalidConfiguration("requester timeout must be positive and retries not negative")
        }
        var socketOptions = options.socket
        socketOptions.linger = .zero
        let factory = RequesterSocketFactory(
            context: context, options: socketOptions, curve: options.curve, endpoints: endpoints
        )
        let first = try factory.make()
        let inbox: LoopInbox<RequesterCore.Command>
        do { inbox = try LoopInbox() } catch { throw .zmq(error) }
        let core = RequesterCore(service: service.value, options: options, clock: clock, inbox: inbox)
        self.core = core
        let handoff = Mutex<ZMQSocket?>(first)
        thread = BusThread.start(name: "req.\(service)") {
            guard let socket = handoff.withLock({ $0.take() }) else { return }
            var loop = RequesterLoop(socket: socket, factory: factory, core: core)
            loop.run()
        }
    }

    deinit { core.inbox.requestStop() }

    /// Sends `request` and returns the reply (of any type but
    /// ``ErrorReply``, which is thrown as ``BusError/remote(_:)``).
    public func send<Request: WireMessage>(
        _ request: Request, trace: String?, timeout: Duration?, retries: Int?
    ) async throws(BusError) -> any BusMessage {
        let encoded: (frame: [UInt8], id: MessageID)
        do { encoded = try core.stamper.envelopeFrame(request, codec: core.options.codec, trace: trace) } catch {
            throw .wire(error)
        }
        let call = RequesterCore.Call(
            key: core.nextKey(), frame: encoded.frame, requestID: encoded.id,
            timeout: timeout ?? core.options.timeout, retries: max(retries ?? core.options.retries, 0)
        )
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<Envelope, BusError>, Never>) in
                var call = call
                call.continuation = continuation
                switch core.inbox.post(.send(call), admit: { !Task.isCancelled }) {
                case .posted: break
                case .stopped: continuation.resume(returning: .failure(.closed))
                case .refused: continuation.resume(returning: .failure(.cancelled))
                }
            }
        } onCancel: {
            core.inbox.post(.cancel(call.key))
        }
        return EncodedBusMessage(envelope: try result.get())
    }

    /// Fails the queued and in-flight calls with ``BusError/closed``, closes
    /// the socket and returns once the thread has ended.
    public func close() async {
        core.inbox.requestStop()
        await thread.join()
    }

    /// Counters since creation.
    public var statistics: RequesterStatistics {
        RequesterStatistics(
            requests: core.requests.value, replies: core.replies.value, retries: core.retries.value,
            timeouts: core.timeouts.value, errorReplies: core.errorReplies.value, malformed: core.malformed.value
        )
    }
}

/// A requester's counters.
public struct RequesterStatistics: Sendable, Hashable {
    /// Calls started.
    public var requests: Int
    /// Replies received (error replies included).
    public var replies: Int
    /// Resends after a timed-out attempt.
    public var retries: Int
    /// Calls that failed after every attempt timed out.
    public var timeouts: Int
    /// ``ErrorReply`` replies received.
    public var errorReplies: Int
    /// Replies that were not valid envelopes for the request.
    public var malformed: Int
}

/// Opens (and after a timeout, reopens) the requester's REQ socket.
struct RequesterSocketFactory: Sendable {
    let context: ZMQContext
    let options: SocketOptions
    let curve: CurveClientConfig?
    let endpoints: [String]

    func make() throws(BusError) -> ZMQSocket {
        try PreparedSocket.make(
            .req, context: context, options: options, security: .client(curve), endpoints: endpoints, monitorLabel: nil
        ).socket
    }
}

/// Requester state shared by its thread and the calling tasks.
final class RequesterCore: Sendable {
    struct Call: Sendable {
        var key: UInt64
        var frame: [UInt8]
        var requestID: MessageID
        var timeout: Duration
        var retries: Int
        var continuation: CheckedContinuation<Result<Envelope, BusError>, Never>?
        var startedAt: UInt64 = MonotonicClock.nanoseconds()
    }

    enum Command: Sendable {
        case send(Call)
        case cancel(UInt64)
    }

    let inbox: LoopInbox<Command>
    let options: Requester.Options
    let stamper: EnvelopeStamper
    let logger: Logger
    let requests, replies, retries, timeouts, errorReplies, malformed: BusCounter
    let latency: Metrics.Timer
    private let keys = Atomic<UInt64>(0)

    init(service: String, options: Requester.Options, clock: any ArenaClock, inbox: LoopInbox<Command>) {
        self.inbox = inbox
        self.options = options
        self.stamper = EnvelopeStamper(source: service, clock: clock)
        let dimensions = [("service", service), ("pattern", "req")]
        requests = BusCounter(BusMetricName.sent, dimensions)
        replies = BusCounter(BusMetricName.received, dimensions)
        retries = BusCounter(BusMetricName.requestRetries, dimensions)
        timeouts = BusCounter(BusMetricName.requestTimeouts, dimensions)
        errorReplies = BusCounter(BusMetricName.errorReplies, dimensions)
        malformed = BusCounter(BusMetricName.malformed, dimensions)
        latency = Metrics.Timer(label: BusMetricName.requestDuration, dimensions: dimensions)
        self.logger = Logger.bus("arena.bus.requester", service: "\(service)")
    }

    func nextKey() -> UInt64 { keys.add(1, ordering: .relaxed).newValue }
}
