import CZeroMQ

/// A typed libzmq socket option: its `ZMQ_*` code and how its value maps to
/// the bytes `zmq_setsockopt`/`zmq_getsockopt` exchange.
///
/// The value type is part of the option, so `socket.set(.sendHighWaterMark, 1000)`
/// type-checks and `socket.set(.sendHighWaterMark, "x")` does not.
public struct SocketOption<Value>: Sendable, CustomStringConvertible {
    /// The `ZMQ_*` option code.
    public let code: Int32
    /// The libzmq name, for errors and logs.
    public let name: String
    let encode: @Sendable (Value) throws(ZMQError) -> [UInt8]
    let decode: @Sendable ([UInt8]) -> Value
    /// The buffer size `zmq_getsockopt` needs for this option.
    let capacity: Int

    init(
        _ code: Int32, _ name: String, capacity: Int,
        encode: @escaping @Sendable (Value) throws(ZMQError) -> [UInt8],
        decode: @escaping @Sendable ([UInt8]) -> Value
    ) {
        self.code = code
        self.name = name
        self.capacity = capacity
        self.encode = encode
        self.decode = decode
    }

    /// The libzmq option name.
    public var description: String { name }
}

// MARK: - Value codecs

/// Native-endian conversions shared by the option families below.
enum OptionBytes {
    static func int32(_ v: Int32) -> [UInt8] { withUnsafeBytes(of: v) { Array($0) } }
    static func int64(_ v: Int64) -> [UInt8] { withUnsafeBytes(of: v) { Array($0) } }

    static func readInt32(_ b: [UInt8]) -> Int32 {
        guard b.count >= 4 else { return 0 }
        return b.withUnsafeBytes { $0.loadUnaligned(as: Int32.self) }
    }

    static func readInt64(_ b: [UInt8]) -> Int64 {
        guard b.count >= 8 else { return 0 }
        return b.withUnsafeBytes { $0.loadUnaligned(as: Int64.self) }
    }

    /// `int` options: rejects values a C `int` cannot hold instead of truncating them.
    static func checkedInt32(_ v: Int, _ name: String) throws(ZMQError) -> [UInt8] {
        guard let n = Int32(exactly: v) else {
            throw ZMQError(operation: "zmq_setsockopt(\(name))", code: EINVAL, message: "value \(v) does not fit a C int")
        }
        return int32(n)
    }

    /// Millisecond options: libzmq takes whole milliseconds as a C `int`.
    static func milliseconds(_ d: Duration, _ name: String) throws(ZMQError) -> [UInt8] {
        let ms = d.wholeMilliseconds
        guard ms >= 0, let n = Int32(exactly: ms) else {
            throw ZMQError(operation: "zmq_setsockopt(\(name))", code: EINVAL, message: "duration \(d) is negative or too long")
        }
        return int32(n)
    }

    /// String options come back NUL-terminated; the terminator is not part of the value.
    static func string(_ b: [UInt8]) -> String {
        let end = b.firstIndex(of: 0) ?? b.endIndex
        return String(decoding: b[..<end], as: UTF8.self)
    }
}

extension SocketOption where Value == Int {
    static func int(_ code: Int32, _ name: String) -> SocketOption {
        SocketOption(
            code, name, capacity: 4,
            encode: { (v: Int) throws(ZMQError) -> [UInt8] in try OptionBytes.checkedInt32(v, name) },
            decode: { Int(OptionBytes.readInt32($0)) }
        )
    }

    /// `ZMQ_SNDHWM`: messages queued per peer before sends drop or block.
    public static var sendHighWaterMark: Self { .int(ZMQ_SNDHWM, "ZMQ_SNDHWM") }
    /// `ZMQ_RCVHWM`: messages queued per peer on the receiving side.
    public static var receiveHighWaterMark: Self { .int(ZMQ_RCVHWM, "ZMQ_RCVHWM") }
    /// `ZMQ_EVENTS` (read-only): `ZMQ_POLLIN`/`ZMQ_POLLOUT` bits of the socket's state.
    public static var events: Self { .int(ZMQ_EVENTS, "ZMQ_EVENTS") }
    /// `ZMQ_TYPE` (read-only): the socket type code.
    public static var socketType: Self { .int(ZMQ_TYPE, "ZMQ_TYPE") }
    /// `ZMQ_MECHANISM` (read-only): 0 NULL, 1 PLAIN, 2 CURVE.
    public static var mechanism: Self { .int(ZMQ_MECHANISM, "ZMQ_MECHANISM") }
}

extension SocketOption where Value == Int64 {
    /// `ZMQ_MAXMSGSIZE`: peers sending a larger frame are disconnected (-1 = no limit).
    public static var maxMessageSize: Self {
        SocketOption(
            ZMQ_MAXMSGSIZE, "ZMQ_MAXMSGSIZE", capacity: 8,
            encode: { (v: Int64) throws(ZMQError) -> [UInt8] in OptionBytes.int64(v) },
            decode: { OptionBytes.readInt64($0) }
        )
    }
}

extension SocketOption where Value == Bool {
    static func flag(_ code: Int32, _ name: String) -> SocketOption {
        SocketOption(
            code, name, capacity: 4,
            encode: { (v: Bool) throws(ZMQError) -> [UInt8] in OptionBytes.int32(v ? 1 : 0) },
            decode: { OptionBytes.readInt32($0) != 0 }
        )
    }

    /// `ZMQ_IMMEDIATE`: queue messages only to completed connections.
    public static var immediate: Self { .flag(ZMQ_IMMEDIATE, "ZMQ_IMMEDIATE") }
    /// `ZMQ_ROUTER_MANDATORY`: a ROUTER send to an unknown peer fails with `EHOSTUNREACH`
    /// instead of being dropped silently.
    public static var routerMandatory: Self { .flag(ZMQ_ROUTER_MANDATORY, "ZMQ_ROUTER_MANDATORY") }
    /// `ZMQ_ROUTER_HANDOVER`: a new connection with a known routing id takes it over.
    public static var routerHandover: Self { .flag(ZMQ_ROUTER_HANDOVER, "ZMQ_ROUTER_HANDOVER") }
    /// `ZMQ_RCVMORE` (read-only): more frames of the current message follow.
    public static var receiveMore: Self { .flag(ZMQ_RCVMORE, "ZMQ_RCVMORE") }
    /// `ZMQ_CURVE_SERVER`: this socket is the CURVE server side.
    public static var curveServer: Self { .flag(ZMQ_CURVE_SERVER, "ZMQ_CURVE_SERVER") }
    /// `ZMQ_CONFLATE`: keep only the last message.
    public static var conflate: Self { .flag(ZMQ_CONFLATE, "ZMQ_CONFLATE") }
}

extension SocketOption where Value == Duration {
    static func interval(_ code: Int32, _ name: String) -> SocketOption {
        SocketOption(
            code, name, capacity: 4,
            encode: { (v: Duration) throws(ZMQError) -> [UInt8] in try OptionBytes.milliseconds(v, name) },
            decode: { .milliseconds(OptionBytes.readInt32($0)) }
        )
    }

    /// `ZMQ_HEARTBEAT_IVL`: interval of ZMTP PINGs (zero disables them).
    public static var heartbeatInterval: Self { .interval(ZMQ_HEARTBEAT_IVL, "ZMQ_HEARTBEAT_IVL") }
    /// `ZMQ_HEARTBEAT_TIMEOUT`: a connection with no traffic for this long after a PING is closed.
    public static var heartbeatTimeout: Self { .interval(ZMQ_HEARTBEAT_TIMEOUT, "ZMQ_HEARTBEAT_TIMEOUT") }
    /// `ZMQ_HEARTBEAT_TTL`: how long the peer may wait for traffic before it closes (100 ms granularity).
    public static var heartbeatTTL: Self { .interval(ZMQ_HEARTBEAT_TTL, "ZMQ_HEARTBEAT_TTL") }
    /// `ZMQ_RECONNECT_IVL`: first delay before reconnecting a dropped connection.
    public static var reconnectInterval: Self { .interval(ZMQ_RECONNECT_IVL, "ZMQ_RECONNECT_IVL") }
    /// `ZMQ_RECONNECT_IVL_MAX`: upper bound of the exponential reconnect back-off.
    public static var reconnectIntervalMax: Self { .interval(ZMQ_RECONNECT_IVL_MAX, "ZMQ_RECONNECT_IVL_MAX") }
    /// `ZMQ_HANDSHAKE_IVL`: the security handshake must finish within this time.
    public static var handshakeInterval: Self { .interval(ZMQ_HANDSHAKE_IVL, "ZMQ_HANDSHAKE_IVL") }
    /// `ZMQ_CONNECT_TIMEOUT`: TCP connect timeout (zero = the OS default).
    public static var connectTimeout: Self { .interval(ZMQ_CONNECT_TIMEOUT, "ZMQ_CONNECT_TIMEOUT") }
}

extension SocketOption where Value == Duration? {
    static func timeout(_ code: Int32, _ name: String) -> SocketOption {
        SocketOption(
            code, name, capacity: 4,
            encode: { (v: Duration?) throws(ZMQError) -> [UInt8] in
                guard let v else { return OptionBytes.int32(-1) }
                return try OptionBytes.milliseconds(v, name)
            },
            decode: { b in
                let ms = OptionBytes.readInt32(b)
                return ms < 0 ? nil : .milliseconds(ms)
            }
        )
    }

    /// `ZMQ_LINGER`: how long `close` keeps unsent messages (`nil` = forever, zero = drop).
    public static var linger: Self { .timeout(ZMQ_LINGER, "ZMQ_LINGER") }
    /// `ZMQ_RCVTIMEO`: a blocking receive fails with `EAGAIN` after this (`nil` = wait forever).
    public static var receiveTimeout: Self { .timeout(ZMQ_RCVTIMEO, "ZMQ_RCVTIMEO") }
    /// `ZMQ_SNDTIMEO`: a blocking send fails with `EAGAIN` after this (`nil` = wait forever).
    public static var sendTimeout: Self { .timeout(ZMQ_SNDTIMEO, "ZMQ_SNDTIMEO") }
}

extension SocketOption where Value == [UInt8] {
    static func bytes(_ code: Int32, _ name: String, capacity: Int) -> SocketOption {
        SocketOption(
            code, name, capacity: capacity,
            encode: { (v: [UInt8]) throws(ZMQError) -> [UInt8] in v },
            decode: { $0 }
        )
    }

    /// `ZMQ_ROUTING_ID`: this socket's identity as seen by ROUTER peers (1–255 bytes).
    public static var routingID: Self { .bytes(ZMQ_ROUTING_ID, "ZMQ_ROUTING_ID", capacity: 255) }
    /// `ZMQ_SUBSCRIBE` (write-only): receive messages whose first frame starts with these bytes.
    public static var subscribe: Self { .bytes(ZMQ_SUBSCRIBE, "ZMQ_SUBSCRIBE", capacity: 0) }
    /// `ZMQ_UNSUBSCRIBE` (write-only): remove one matching ``subscribe``.
    public static var unsubscribe: Self { .bytes(ZMQ_UNSUBSCRIBE, "ZMQ_UNSUBSCRIBE", capacity: 0) }
    /// `ZMQ_CURVE_PUBLICKEY`: this socket's long-term public key (32 bytes).
    public static var curvePublicKey: Self { .bytes(ZMQ_CURVE_PUBLICKEY, "ZMQ_CURVE_PUBLICKEY", capacity: 32) }
    /// `ZMQ_CURVE_SECRETKEY`: this socket's long-term secret key (32 bytes).
    public static var curveSecretKey: Self { .bytes(ZMQ_CURVE_SECRETKEY, "ZMQ_CURVE_SECRETKEY", capacity: 32) }
    /// `ZMQ_CURVE_SERVERKEY`: the public key of the server a client connects to (32 bytes).
    public static var curveServerKey: Self { .bytes(ZMQ_CURVE_SERVERKEY, "ZMQ_CURVE_SERVERKEY", capacity: 32) }
}

extension SocketOption where Value == String {
    static func text(_ code: Int32, _ name: String, capacity: Int) -> SocketOption {
        SocketOption(
            code, name, capacity: capacity,
            encode: { (v: String) throws(ZMQError) -> [UInt8] in Array(v.utf8) },
            decode: { OptionBytes.string($0) }
        )
    }

    /// `ZMQ_LAST_ENDPOINT` (read-only): the endpoint last bound, with wildcard ports resolved.
    public static var lastEndpoint: Self { .text(ZMQ_LAST_ENDPOINT, "ZMQ_LAST_ENDPOINT", capacity: 1024) }
    /// `ZMQ_ZAP_DOMAIN`: the authentication domain sent to the ZAP handler.
    public static var zapDomain: Self { .text(ZMQ_ZAP_DOMAIN, "ZMQ_ZAP_DOMAIN", capacity: 256) }
}
