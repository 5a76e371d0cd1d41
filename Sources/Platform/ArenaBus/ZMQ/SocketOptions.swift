import ArenaWire

/// The options every bus socket gets explicitly at creation, so no socket
/// runs on libzmq's implicit defaults (infinite linger on close, 1000-message
/// high-water marks).
public struct SocketOptions: Sendable, Hashable {
    /// ZMTP-level keep-alive: PINGs every `interval`; a connection silent for
    /// `timeout` is dropped (and reconnected by the connecting side).
    public struct Heartbeat: Sendable, Hashable {
        /// How often to PING.
        public var interval: Duration
        /// How long without traffic before the connection is considered dead.
        public var timeout: Duration

        /// A heartbeat every `interval`, dead after `timeout`.
        public init(interval: Duration, timeout: Duration) {
            self.interval = interval
            self.timeout = timeout
        }
    }

    /// `ZMQ_SNDHWM`: outgoing messages queued per peer. Past it a PUB drops,
    /// other types block or fail with `EAGAIN`.
    public var sendHighWaterMark: Int
    /// `ZMQ_RCVHWM`: incoming messages queued per peer.
    public var receiveHighWaterMark: Int
    /// `ZMQ_LINGER`: how long `close` may keep unsent messages. Short by
    /// default so shutdown is never held hostage by an absent peer.
    public var linger: Duration
    /// `ZMQ_MAXMSGSIZE`: a peer sending a larger frame is disconnected before
    /// the bytes reach us. Defaults to the envelope limit plus room for the
    /// topic and protocol frames.
    public var maxMessageSize: Int64
    /// ZMTP heartbeats, off unless set.
    public var heartbeat: Heartbeat?

    /// Creates socket options; the defaults suit the bus's message rates.
    public init(
        sendHighWaterMark: Int = 10_000,
        receiveHighWaterMark: Int = 10_000,
        linger: Duration = .milliseconds(100),
        maxMessageSize: Int64 = Int64(WireProtocol.defaultMaxFrameBytes) + 64 * 1024,
        heartbeat: Heartbeat? = nil
    ) {
        self.sendHighWaterMark = sendHighWaterMark
        self.receiveHighWaterMark = receiveHighWaterMark
        self.linger = linger
        self.maxMessageSize = maxMessageSize
        self.heartbeat = heartbeat
    }

    /// The defaults.
    public static let `default` = SocketOptions()

    /// Options for the process-internal control sockets (monitor pipes):
    /// small queues, nothing kept on close.
    static let control = SocketOptions(sendHighWaterMark: 1000, receiveHighWaterMark: 1000, linger: .zero)
}
