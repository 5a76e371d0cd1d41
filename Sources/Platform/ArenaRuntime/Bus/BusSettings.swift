import ArenaBus
import ArenaCore
import ArenaWire

/// The bus options of a service, derived from `bus.*` in the configuration.
public struct BusSettings: Sendable {
    /// High-water marks and linger for every socket.
    public var socket: SocketOptions
    /// The codec to send with.
    public var codec: WireCodec
    /// CURVE for sockets this service binds; nil when `bus.curve.enabled` is false.
    public var curveServer: CurveServerConfig?
    /// CURVE for sockets this service connects; nil when disabled.
    public var curveClient: CurveClientConfig?
    /// Request timeout and lazy-pirate retries.
    public var requestTimeout: Duration
    public var requestRetries: Int
    /// Heartbeat period and the misses after which a peer is dead.
    public var heartbeatInterval: Duration
    public var heartbeatLiveness: Int

    /// Reads the settings and loads CURVE keys; a bad key file is a configuration error naming its key.
    public init(_ bus: BusConfig) throws(ConfigError) {
        socket = SocketOptions(
            sendHighWaterMark: bus.highWaterMark, receiveHighWaterMark: bus.highWaterMark,
            linger: .milliseconds(bus.lingerMs)
        )
        codec = bus.codec
        requestTimeout = .milliseconds(bus.requestTimeoutMs)
        requestRetries = bus.requestRetries
        heartbeatInterval = .milliseconds(bus.heartbeatIntervalMs)
        heartbeatLiveness = bus.heartbeatLiveness
        guard bus.curve.enabled else { return }
        let server = try Self.keyPair(bus.curve.serverSecretKey, key: "bus.curve.server_secret_key_file")
        let client = try Self.keyPair(bus.curve.clientKey, key: "bus.curve.client_key_file")
        let serverPublic: CurvePublicKey
        if let path = bus.curve.serverPublicKeyFile {
            do { serverPublic = try CurveKeyFile.loadPublicKey(from: path) } catch {
                throw .invalidValue(key: "bus.curve.server_public_key_file", value: path, reason: error.description)
            }
        } else {
            serverPublic = server.publicKey
        }
        var allowed: [CurvePublicKey: String] = [client.publicKey: "self"]
        if let path = bus.curve.allowedClientsFile {
            do { allowed.merge(try CurveKeyFile.loadAuthorizedClients(from: path)) { a, _ in a } } catch {
                throw .invalidValue(key: "bus.curve.allowed_clients_file", value: path, reason: error.description)
            }
        }
        curveServer = CurveServerConfig(keyPair: server, authorizedClients: allowed)
        curveClient = CurveClientConfig(serverKey: serverPublic, keyPair: client)
    }

    /// A key pair from a mounted key-pair file, or from a Z85 secret key in the environment.
    private static func keyPair(_ secret: Secret?, key: String) throws(ConfigError) -> CurveKeyPair {
        guard let secret else { throw .missing(key: key) }
        do {
            switch secret.source {
            case let .file(path): return try CurveKeyFile.loadKeyPair(from: path)
            case .environment: return try CurveKeyPair(secretKey: CurveSecretKey(z85: secret.reveal()))
            }
        } catch {
            throw .invalidValue(key: key, value: secret.description, reason: error.description)
        }
    }
}
