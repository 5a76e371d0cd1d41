import ArenaCore
import ArenaWire
import Logging
import Synchronization

/// Publishes envelopes on topics: `[topic, envelope]` on a PUB socket that
/// binds one or more endpoints.
///
/// Every envelope is stamped with this publisher's service name, a random
/// instance id fixed for its life, a sequence number 1, 2, 3, … and a
/// sequence number per topic, so subscribers can detect lost messages in the
/// topics they take, and restarts. ``publish(_:topic:trace:)``
/// is synchronous and may be called from any task or thread: the socket sits
/// behind a `Mutex` (no thread hop), which also keeps sequence order equal to
/// send order. A PUB socket never blocks: past the high-water mark of a slow
/// subscriber libzmq drops, and that subscriber sees a gap.
public final class Publisher: MessagePublisher {
    /// Publisher settings.
    public struct Options: Sendable {
        /// High-water marks, linger and limits of the PUB socket.
        public var socket: SocketOptions
        /// CURVE encryption and client authorization (tcp endpoints).
        public var curve: CurveServerConfig?
        /// The body codec.
        public var codec: WireCodec
        /// Start a ``SocketMonitor`` on the socket.
        public var monitor: Bool

        /// Options with bus defaults.
        public init(socket: SocketOptions = .default, curve: CurveServerConfig? = nil, codec: WireCodec = .binary, monitor: Bool = false) {
            self.socket = socket
            self.curve = curve
            self.codec = codec
            self.monitor = monitor
        }
    }

    /// The endpoints bound, with wildcard ports resolved (`tcp://127.0.0.1:41234`).
    public let endpoints: [String]
    /// Connection events, when ``Options/monitor`` is set.
    public let monitor: SocketMonitor?
    /// The socket, a frame buffer reused for every message (no allocation per
    /// publish) and the per-topic numbering, all under one lock.
    private let state: Mutex<State>
    private let stamper: EnvelopeStamper
    private let codec: WireCodec
    private let zapRegistration: ZAPRegistration?
    private let sent: BusCounter
    private let failures: BusCounter
    private let logger: Logger

    /// Binds a publisher for `service` to `endpoints` (e.g. `tcp://0.0.0.0:7100`,
    /// `tcp://127.0.0.1:*`, `inproc://md`).
    public init(
        service: ServiceName, bind endpoints: [String], options: Options = Options(),
        context: ZMQContext = .shared, clock: any ArenaClock = WallClock()
    ) throws(BusError) {
        let prepared = try PreparedSocket.make(
            .pub, context: context, options: options.socket, security: .server(options.curve),
            endpoints: endpoints, monitorLabel: options.monitor ? "pub.\(service)" : nil
        )
        self.endpoints = prepared.endpoints
        self.monitor = prepared.monitor
        self.zapRegistration = prepared.zapRegistration
        self.state = Mutex(State(socket: prepared.socket))
        self.stamper = EnvelopeStamper(source: service.value, clock: clock)
        self.codec = options.codec
        let dimensions = [("service", service.value), ("pattern", "pub")]
        sent = BusCounter(BusMetricName.sent, dimensions)
        failures = BusCounter(BusMetricName.sendFailures, dimensions)
        self.logger = Logger.bus("arena.bus.publisher", service: "\(service)")
    }

    deinit { close() }

    /// This publisher's instance id (random, fixed for its life).
    public var instance: UInt64 { stamper.instance }

    /// Encodes `message`, stamps it and sends `[topic, envelope]`.
    ///
    /// - Throws: ``BusError/wire(_:)`` if the message cannot be encoded,
    ///   ``BusError/closed`` after ``close()``, ``BusError/zmq(_:)`` if
    ///   libzmq fails (the sequence number is then spent, which subscribers
    ///   will truthfully report as a gap).
    public func publish<M: WireMessage>(_ message: M, topic: String, trace: String? = nil) throws(BusError) {
        do throws(BusError) {
            try state.withLock { (state: inout State) throws(BusError) in
                guard let socket = state.socket else { throw .closed }
                // Stamped and framed under the lock so sequence order is send
                // order; framing a hot message is one pass through its record form.
                state.scratch.bytes.removeAll(keepingCapacity: true)
                let metadata = stamper.stamp(trace: trace, topicSequence: state.topics.next(topic))
                do throws(WireError) {
                    try Envelope.writeFrame(message, metadata: metadata, codec: codec, into: &state.scratch)
                } catch {
                    throw .wire(error)
                }
                do throws(ZMQError) {
                    // Never blocks: a PUB socket drops past the high-water mark.
                    try socket.send(text: topic, more: true, dontWait: true)
                    try socket.send(state.scratch.bytes, dontWait: true)
                } catch {
                    throw .zmq(error)
                }
            }
            sent.increment()
        } catch {
            failures.increment()
            throw error
        }
    }

    /// Closes the socket (messages still queued are kept for the linger time).
    /// Later ``publish(_:topic:trace:)`` calls throw ``BusError/closed``.
    public func close() {
        state.withLock { s in
            s.socket?.close()
            s.socket = nil
        }
    }

    /// Counters since creation.
    public var statistics: PublisherStatistics {
        PublisherStatistics(messagesSent: sent.value, sendFailures: failures.value)
    }

    /// Spends `count` sequence numbers of `topic` (and of the publisher)
    /// without sending, so tests can produce a genuine gap on the wire.
    func skipSequenceNumbers(_ count: UInt64, topic: String) {
        state.withLock { s in
            stamper.skip(count)
            s.topics.skip(topic, count)
        }
    }

    private struct State {
        var socket: ZMQSocket?
        var scratch = WireWriter(capacity: 512)
        var topics = TopicSequencer()
    }
}

/// A publisher's counters.
public struct PublisherStatistics: Sendable, Hashable {
    /// Messages handed to libzmq.
    public var messagesSent: Int
    /// Publishes that failed after encoding (each one a gap for subscribers).
    public var sendFailures: Int
}
