import ArenaWire

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `bus` section: how every service's ZeroMQ sockets behave.
public struct BusConfig: Sendable, Equatable, Decodable {
    /// The codec of published messages: `binary` (default, the hot path) or `json`.
    public var codec: WireCodec
    /// Messages queued per socket before ZeroMQ drops (PUB) or blocks (others).
    public var highWaterMark: Int
    /// How long a closing socket may keep flushing unsent messages.
    public var lingerMs: Int
    /// How often every service publishes a heartbeat.
    public var heartbeatIntervalMs: Int
    /// Heartbeats missed in a row before a peer counts as dead.
    public var heartbeatLiveness: Int
    /// How long a request waits for its reply before it is retried.
    public var requestTimeoutMs: Int
    /// Retries of a request (on a fresh socket) before it fails.
    public var requestRetries: Int
    /// CurveZMQ encryption and authentication.
    public var curve: CurveConfig

    /// Defaults shared by the memberwise initialiser and the decoder.
    public enum Defaults {
        /// Binary codec.
        public static let codec = WireCodec.binary
        /// 10 000 messages: ten times ZeroMQ's default, room for a burst of trades per symbol.
        public static let highWaterMark = 10_000
        /// One second: enough to flush on a clean shutdown, never hangs it.
        public static let lingerMs = 1_000
        /// One heartbeat a second.
        public static let heartbeatIntervalMs = 1_000
        /// Three missed heartbeats: a peer is declared dead after about 3 s.
        public static let heartbeatLiveness = 3
        /// 2.5 s per try (the Lazy Pirate pattern's customary value).
        public static let requestTimeoutMs = 2_500
        /// Three retries.
        public static let requestRetries = 3
    }

    /// A bus configuration; the defaults are those of ``Defaults``.
    public init(
        codec: WireCodec = Defaults.codec, highWaterMark: Int = Defaults.highWaterMark, lingerMs: Int = Defaults.lingerMs,
        heartbeatIntervalMs: Int = Defaults.heartbeatIntervalMs, heartbeatLiveness: Int = Defaults.heartbeatLiveness,
        requestTimeoutMs: Int = Defaults.requestTimeoutMs, requestRetries: Int = Defaults.requestRetries,
        curve: CurveConfig = CurveConfig()
    ) {
        self.codec = codec
        self.highWaterMark = highWaterMark
        self.lingerMs = lingerMs
        self.heartbeatIntervalMs = heartbeatIntervalMs
        self.heartbeatLiveness = heartbeatLiveness
        self.requestTimeoutMs = requestTimeoutMs
        self.requestRetries = requestRetries
        self.curve = curve
    }

    /// ``heartbeatIntervalMs`` as a duration.
    public var heartbeatInterval: Duration { .milliseconds(heartbeatIntervalMs) }
    /// ``requestTimeoutMs`` as a duration.
    public var requestTimeout: Duration { .milliseconds(requestTimeoutMs) }

    enum CodingKeys: String, CodingKey {
        case codec, curve
        case highWaterMark = "high_water_mark"
        case lingerMs = "linger_ms"
        case heartbeatIntervalMs = "heartbeat_interval_ms"
        case heartbeatLiveness = "heartbeat_liveness"
        case requestTimeoutMs = "request_timeout_ms"
        case requestRetries = "request_retries"
    }

    /// Decodes the section; absent keys take the documented defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            codec: try c.decode(.codec, default: Defaults.codec),
            highWaterMark: try c.decode(.highWaterMark, default: Defaults.highWaterMark),
            lingerMs: try c.decode(.lingerMs, default: Defaults.lingerMs),
            heartbeatIntervalMs: try c.decode(.heartbeatIntervalMs, default: Defaults.heartbeatIntervalMs),
            heartbeatLiveness: try c.decode(.heartbeatLiveness, default: Defaults.heartbeatLiveness),
            requestTimeoutMs: try c.decode(.requestTimeoutMs, default: Defaults.requestTimeoutMs),
            requestRetries: try c.decode(.requestRetries, default: Defaults.requestRetries),
            curve: try c.decode(.curve, default: CurveConfig())
        )
    }

    func validate(into problems: inout ConfigProblems) {
        // Zero means "unlimited" to ZeroMQ: refused, every queue here is bounded.
        problems.range(highWaterMark, 1...10_000_000, key: "bus.high_water_mark")
        // -1 (linger forever) would let one dead peer hang shutdown.
        problems.range(lingerMs, 0...60_000, key: "bus.linger_ms")
        problems.range(heartbeatIntervalMs, 50...60_000, key: "bus.heartbeat_interval_ms")
        problems.range(heartbeatLiveness, 1...100, key: "bus.heartbeat_liveness")
        problems.range(requestTimeoutMs, 10...600_000, key: "bus.request_timeout_ms")
        problems.range(requestRetries, 0...100, key: "bus.request_retries")
        curve.validate(into: &problems)
    }
}

/// The `bus.curve` section: CurveZMQ keys. Off by default (loopback runs);
/// when on, every service needs its server key pair and a client key, and may
/// restrict which clients it accepts.
public struct CurveConfig: Sendable, Equatable, Decodable {
    /// Whether bus connections are encrypted and authenticated.
    public var enabled: Bool
    /// The server secret key, from `server_secret_key_file` or `ARENA_BUS__CURVE__SERVER_SECRET_KEY`.
    public var serverSecretKey: Secret?
    /// Path of the server public key (not secret; peers need it).
    public var serverPublicKeyFile: String?
    /// The client key pair, from `client_key_file` or `ARENA_BUS__CURVE__CLIENT_KEY`.
    public var clientKey: Secret?
    /// Path of the list of client public keys to accept; absent accepts any client holding the server key.
    public var allowedClientsFile: String?

    /// A CURVE configuration; disabled with no keys by default.
    public init(
        enabled: Bool = false, serverSecretKey: Secret? = nil, serverPublicKeyFile: String? = nil,
        clientKey: Secret? = nil, allowedClientsFile: String? = nil
    ) {
        self.enabled = enabled
        self.serverSecretKey = serverSecretKey
        self.serverPublicKeyFile = serverPublicKeyFile
        self.clientKey = clientKey
        self.allowedClientsFile = allowedClientsFile
    }

    enum CodingKeys: String, CodingKey {
        case enabled
        case serverSecretKey = "server_secret_key"
        case serverSecretKeyFile = "server_secret_key_file"
        case serverPublicKeyFile = "server_public_key_file"
        case clientKey = "client_key"
        case clientKeyFile = "client_key_file"
        case allowedClientsFile = "allowed_clients_file"
    }

    /// Decodes the section; absent keys take the documented defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            enabled: try c.decode(.enabled, default: false),
            serverSecretKey: try c.decodeSecret(.serverSecretKey, file: .serverSecretKeyFile),
            serverPublicKeyFile: try c.decodeIfPresent(String.self, forKey: .serverPublicKeyFile),
            clientKey: try c.decodeSecret(.clientKey, file: .clientKeyFile),
            allowedClientsFile: try c.decodeIfPresent(String.self, forKey: .allowedClientsFile)
        )
    }

    func validate(into problems: inout ConfigProblems) {
        guard enabled else { return }
        if serverSecretKey == nil { problems.add(.missing(key: "bus.curve.server_secret_key_file")) }
        if clientKey == nil { problems.add(.missing(key: "bus.curve.client_key_file")) }
        if let path = serverPublicKeyFile {
            problems.check(access(path, R_OK) == 0, key: "bus.curve.server_public_key_file", value: path, "is not a readable file")
        } else {
            problems.add(.missing(key: "bus.curve.server_public_key_file"))
        }
        if let path = allowedClientsFile {
            problems.check(access(path, R_OK) == 0, key: "bus.curve.allowed_clients_file", value: path, "is not a readable file")
        }
    }
}
