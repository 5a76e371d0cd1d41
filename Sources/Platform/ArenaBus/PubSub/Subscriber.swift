import ArenaCore
import ArenaWire
import Logging
import Synchronization

/// Receives `[topic, envelope]` messages on a SUB socket that connects to
/// one or more publishers, on a dedicated thread.
///
/// Messages arrive through ``messages``, a bounded stream: when the consumer
/// falls behind, the thread stops reading, libzmq's queues fill, the
/// publisher drops past its high-water mark, and the loss is reported as a
/// ``SequenceGap`` on ``gaps`` (never silently). Malformed frames from peers
/// are counted, logged (throttled) and skipped.
///
/// PUB/SUB drops what is published before a subscription reaches the
/// publisher; callers that need the first message must handshake (e.g.
/// publish until something arrives) or tolerate the loss.
public final class Subscriber: MessageSubscription {
    /// Subscriber settings.
    public struct Options: Sendable {
        /// High-water marks, linger and limits of the SUB socket.
        public var socket: SocketOptions
        /// CURVE settings to verify the publisher and authenticate to it (tcp endpoints).
        public var curve: CurveClientConfig?
        /// Messages buffered for the consumer before the thread stops reading.
        public var bufferCapacity: Int
        /// Largest envelope accepted; larger frames count as malformed.
        public var maxFrameBytes: Int
        /// Start a ``SocketMonitor`` on the socket.
        public var monitor: Bool
        /// Where messages go: the ``messages`` stream (default), or a handler
        /// called on the subscriber's own thread.
        public var delivery: Delivery

        /// Options with bus defaults.
        public init(
            socket: SocketOptions = .default, curve: CurveClientConfig? = nil, bufferCapacity: Int = 4096,
            maxFrameBytes: Int = WireProtocol.defaultMaxFrameBytes, monitor: Bool = false, delivery: Delivery = .stream
        ) {
            self.socket = socket
            self.curve = curve
            self.bufferCapacity = bufferCapacity
            self.maxFrameBytes = maxFrameBytes
            self.monitor = monitor
            self.delivery = delivery
        }
    }

    /// How received messages reach their consumer.
    public enum Delivery: Sendable {
        /// Through the bounded ``Subscriber/messages`` stream, to async consumers.
        case stream
        /// To a synchronous handler on the subscriber's thread, in arrival order;
        /// ``Subscriber/messages`` stays empty. For the highest-rate consumers:
        /// it saves a hand-off to another thread per message. The handler must
        /// not block (a slow handler slows reading, and the publisher's
        /// high-water mark then turns the backlog into reported gaps).
        case handler(@Sendable (any BusMessage) -> Void)
    }

    /// Received messages, in arrival order.
    public let messages: BoundedStream<any BusMessage>
    /// Detected sequence gaps (the newest 1024 are kept for a slow reader; ``statistics`` counts all).
    public let gaps: AsyncStream<SequenceGap>
    /// Connection events, when ``Options/monitor`` is set.
    public let monitor: SocketMonitor?
    private let core: SubscriberCore
    private let thread: BusThread

    /// Connects a subscriber for `service` to `endpoints` and subscribes to
    /// each topic prefix in `topics` (`""` receives everything).
    public init(
        service: ServiceName, connect endpoints: [String], topics: [String], options: Options = Options(),
        context: ZMQContext = .shared
    ) throws(BusError) {
        let prepared = try PreparedSocket.make(
            .sub, context: context, options: options.socket, security: .client(options.curve),
            endpoints: endpoints, monitorLabel: options.monitor ? "sub.\(service)" : nil,
            configure: { (socket) throws(ZMQError) in
                // Subscribing before connecting sends the subscriptions with
                // the handshake, as early as PUB/SUB allows.
                for topic in topics { try socket.subscribe(topic) }
            }
        )
        let inbox: LoopInbox<SubscriberCore.Command>
        do { inbox = try LoopInbox() } catch { throw .zmq(error) }
        let (gaps, gapContinuation) = AsyncStream.makeStream(of: SequenceGap.self, bufferingPolicy: .bufferingNewest(1024))
        let core = SubscriberCore(
            service: service.value, options: options, inbox: inbox, gapContinuation: gapContinuation
        )
        self.core = core
        self.messages = BoundedStream(buffer: core.buffer)
        self.gaps = gaps
        self.monitor = prepared.monitor
        let handoff = Mutex<ZMQSocket?>(prepared.socket)
        thread = BusThread.start(name: "sub.\(service)") {
            guard let socket = handoff.withLock({ $0.take() }) else { return }
            var loop = SubscriberLoop(socket: socket, core: core, maxFrameBytes: options.maxFrameBytes)
            loop.run()
            socket.close()
            core.finish()
        }
    }

    deinit { core.inbox.requestStop() }

    /// Adds a topic prefix (takes effect once the thread applies it).
    public func subscribe(_ prefix: String) {
        core.inbox.post(.subscribe(prefix))
    }

    /// Removes a topic prefix added by ``subscribe(_:)`` or at creation.
    public func unsubscribe(_ prefix: String) {
        core.inbox.post(.unsubscribe(prefix))
    }

    /// Stops receiving and closes the socket; returns once the thread has
    /// ended. ``messages`` then yields what was buffered and finishes.
    public func close() async {
        core.inbox.requestStop()
        await thread.join()
    }

    /// Counters since creation.
    public var statistics: SubscriberStatistics { core.statistics }
}

/// Subscriber state shared by its thread and its users.
final class SubscriberCore: Sendable {
    enum Command: Sendable {
        case subscribe(String)
        case unsubscribe(String)
    }

    let buffer: BoundedBuffer<any BusMessage>
    let delivery: Subscriber.Delivery
    let gapContinuation: AsyncStream<SequenceGap>.Continuation
    let inbox: LoopInbox<Command>
    let logger: Logger
    let received, malformed, gaps, missed, restarts, stale: BusCounter
    let queueDepth: BusGauge

    init(
        service: String, options: Subscriber.Options, inbox: LoopInbox<Command>,
        gapContinuation: AsyncStream<SequenceGap>.Continuation
    ) {
        self.inbox = inbox
        self.delivery = options.delivery
        self.gapContinuation = gapContinuation
        // A consumer draining the full buffer wakes the loop to read again.
        self.buffer = BoundedBuffer(capacity: options.bufferCapacity, onSpace: { [wake = inbox.wake] in wake.signal() })
        let dimensions = [("service", service), ("pattern", "sub")]
        received = BusCounter(BusMetricName.received, dimensions)
        malformed = BusCounter(BusMetricName.malformed, dimensions)
        gaps = BusCounter(BusMetricName.gaps, dimensions)
        missed = BusCounter(BusMetricName.missed, dimensions)
        restarts = BusCounter(BusMetricName.restarts, dimensions)
        stale = BusCounter(BusMetricName.stale, dimensions)
        queueDepth = BusGauge(BusMetricName.queueDepth, dimensions)
        self.logger = Logger.bus("arena.bus.subscriber", service: "\(service)")
    }

    func finish() {
        buffer.finish()
        gapContinuation.finish()
    }

    var statistics: SubscriberStatistics {
        SubscriberStatistics(
            received: received.value, malformed: malformed.value, gaps: gaps.value,
            missed: missed.value, restarts: restarts.value, stale: stale.value
        )
    }
}
