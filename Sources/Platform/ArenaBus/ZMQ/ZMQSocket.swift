import CZeroMQ

/// One libzmq socket.
///
/// libzmq sockets are not thread-safe, so this class is deliberately not
/// `Sendable`: it is owned by one thread (the bus components create it, then
/// hand it to their dedicated thread), or kept inside a
/// `Synchronization.Mutex`, whose lock and unlock give the full memory
/// barrier libzmq requires when a socket moves between threads.
///
/// High-water marks, linger and the maximum message size are applied from
/// ``SocketOptions`` at creation. The socket closes on ``close()`` or when
/// released.
public final class ZMQSocket {
    /// The socket type.
    public let type: SocketType
    /// The context the socket lives in (kept alive by the socket).
    public let context: ZMQContext
    private(set) var handle: UnsafeMutableRawPointer?
    /// One `zmq_msg_t` reused by every receive, so receiving allocates only
    /// the Swift array the bytes are copied into.
    let scratchMessage: UnsafeMutablePointer<zmq_msg_t>

    /// Creates a socket of `type` in `context` and applies `options`.
    public init(_ type: SocketType, context: ZMQContext = .shared, options: SocketOptions = .default) throws(ZMQError) {
        guard let h = zmq_socket(context.handle, type.rawValue) else { throw ZMQError.last("zmq_socket(\(type))") }
        self.type = type
        self.context = context
        self.handle = h
        self.scratchMessage = .allocate(capacity: 1)
        do {
            try apply(options)
        } catch {
            close()
            throw error
        }
    }

    deinit {
        close()
        scratchMessage.deallocate()
    }

    /// Applies every field of `options` to the socket.
    public func apply(_ options: SocketOptions) throws(ZMQError) {
        try set(.sendHighWaterMark, options.sendHighWaterMark)
        try set(.receiveHighWaterMark, options.receiveHighWaterMark)
        try set(.linger, options.linger)
        try set(.maxMessageSize, options.maxMessageSize)
        if let hb = options.heartbeat {
            try set(.heartbeatInterval, hb.interval)
            try set(.heartbeatTimeout, hb.timeout)
            try set(.heartbeatTTL, hb.timeout)
        }
    }

    /// True once ``close()`` ran.
    public var isClosed: Bool { handle == nil }

    /// Closes the socket; unsent messages are kept for at most the linger time.
    /// Closing twice does nothing.
    public func close() {
        guard let h = handle else { return }
        handle = nil
        zmq_close(h)
    }

    func requireHandle(_ operation: String) throws(ZMQError) -> UnsafeMutableRawPointer {
        guard let h = handle else { throw ZMQError.closed(operation) }
        return h
    }

    // MARK: Options

    /// Sets a typed option.
    public func set<Value>(_ option: SocketOption<Value>, _ value: Value) throws(ZMQError) {
        let operation = "zmq_setsockopt(\(option.name))"
        let h = try requireHandle(operation)
        let bytes = try option.encode(value)
        try ZMQError.check(operation) {
            bytes.withUnsafeBytes { zmq_setsockopt(h, option.code, $0.baseAddress, $0.count) }
        }
    }

    /// Reads a typed option.
    public func get<Value>(_ option: SocketOption<Value>) throws(ZMQError) -> Value {
        let operation = "zmq_getsockopt(\(option.name))"
        let h = try requireHandle(operation)
        var buffer = [UInt8](repeating: 0, count: max(option.capacity, 1))
        var size = option.capacity
        try ZMQError.check(operation) {
            buffer.withUnsafeMutableBytes { zmq_getsockopt(h, option.code, $0.baseAddress, &size) }
        }
        return option.decode(Array(buffer.prefix(size)))
    }

    // MARK: Endpoints

    /// Binds to `endpoint` (`tcp://host:port`, `tcp://127.0.0.1:*`,
    /// `inproc://name`) and returns the endpoint actually bound, with a
    /// wildcard port resolved (from `ZMQ_LAST_ENDPOINT`).
    @discardableResult
    public func bind(_ endpoint: String) throws(ZMQError) -> String {
        let operation = "zmq_bind(\(endpoint))"
        let h = try requireHandle(operation)
        try ZMQError.check(operation) { zmq_bind(h, endpoint) }
        return try get(.lastEndpoint)
    }

    /// Connects to `endpoint`; libzmq connects (and reconnects) in the background.
    public func connect(_ endpoint: String) throws(ZMQError) {
        let operation = "zmq_connect(\(endpoint))"
        let h = try requireHandle(operation)
        try ZMQError.check(operation) { zmq_connect(h, endpoint) }
    }

    /// Stops listening on a bound `endpoint` (use the resolved form returned by ``bind(_:)``).
    public func unbind(_ endpoint: String) throws(ZMQError) {
        let operation = "zmq_unbind(\(endpoint))"
        let h = try requireHandle(operation)
        try ZMQError.check(operation) { zmq_unbind(h, endpoint) }
    }

    /// Drops the connection to `endpoint`.
    public func disconnect(_ endpoint: String) throws(ZMQError) {
        let operation = "zmq_disconnect(\(endpoint))"
        let h = try requireHandle(operation)
        try ZMQError.check(operation) { zmq_disconnect(h, endpoint) }
    }

    // MARK: Subscriptions

    /// SUB only: receive messages whose first frame starts with `prefix` ("" = everything).
    public func subscribe(_ prefix: String) throws(ZMQError) {
        try set(.subscribe, Array(prefix.utf8))
    }

    /// SUB only: removes one ``subscribe(_:)`` of `prefix`.
    public func unsubscribe(_ prefix: String) throws(ZMQError) {
        try set(.unsubscribe, Array(prefix.utf8))
    }
}
