import ArenaBus
import ArenaCore
import ArenaWire

/// The bus settings of a service, derived from `bus.*` in the configuration.
public enum BusSettings {
    /// The ZeroMQ transport's settings; CURVE keys are loaded here, and a bad
    /// key file is a configuration error naming its key.
    public static func settings(_ bus: BusConfig) throws(ConfigError) -> ZeroMQTransport.Settings {
        var settings = ZeroMQTransport.Settings(
            socket: SocketOptions(
                sendHighWaterMark: bus.highWaterMark, receiveHighWaterMark: bus.highWaterMark, linger: .milliseconds(bus.lingerMs)
            ),
            codec: bus.codec, requestTimeout: .milliseconds(bus.requestTimeoutMs), requestRetries: bus.requestRetries,
            heartbeatInterval: .milliseconds(bus.heartbeatIntervalMs), heartbeatLiveness: bus.heartbeatLiveness
        )
        guard bus.curve.enabled else { return settings }
        let server = try keyPair(bus.curve.serverSecretKey, key: "bus.curve.server_secret_key_file")
        let client = try keyPair(bus.curve.clientKey, key: "bus.curve.client_key_file")
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
        settings.curveServer = CurveServerConfig(keyPair: server, authorizedClients: allowed)
        settings.curveClient = CurveClientConfig(serverKey: serverPublic, keyPair: client)
        return settings
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
