import CZeroMQ

/// CURVE settings for a socket that binds (publisher, replier, dispatcher):
/// traffic is encrypted and only the listed clients may connect.
///
/// CURVE secures `tcp://` connections; `inproc://` connections stay inside
/// the process and carry no security handshake, so the setting has no
/// effect on them.
public struct CurveServerConfig: Sendable, Hashable {
    /// The server's long-term key pair; clients are configured with its public key.
    public var keyPair: CurveKeyPair
    /// The client public keys allowed to connect, each with a label for logs.
    public var authorizedClients: [CurvePublicKey: String]

    /// A server configuration allowing `authorizedClients`.
    public init(keyPair: CurveKeyPair, authorizedClients: [CurvePublicKey: String]) {
        self.keyPair = keyPair
        self.authorizedClients = authorizedClients
    }

    /// A server configuration allowing `authorizedClients`, labelled by key.
    public init(keyPair: CurveKeyPair, authorizedClients: some Sequence<CurvePublicKey>) {
        self.init(keyPair: keyPair, authorizedClients: Dictionary(authorizedClients.map { ($0, $0.z85) }, uniquingKeysWith: { a, _ in a }))
    }

    /// Makes `socket` a CURVE server whose clients the context's ZAP handler
    /// checks against ``authorizedClients``. Call before `bind`. The
    /// returned registration must live as long as the socket.
    func apply(to socket: ZMQSocket) throws(BusError) -> ZAPRegistration {
        guard zmq_has("curve") != 0 else { throw .curveUnavailable }
        // The ZAP handler must be bound before the first handshake: without
        // one, libzmq lets every client in.
        let authenticator = try ZAPAuthenticator.running(in: socket.context)
        let registration = authenticator.register(authorizedClients)
        do {
            try socket.set(.zapDomain, registration.domain)
            try socket.set(.curveServer, true)
            try socket.set(.curveSecretKey, keyPair.secretKey.bytes)
        } catch {
            throw .zmq(error)
        }
        return registration
    }
}

/// CURVE settings for a socket that connects (subscriber, requester, worker):
/// it verifies the server by its public key and proves its own identity.
public struct CurveClientConfig: Sendable, Hashable {
    /// The public key of the server to connect to; a server with another key fails the handshake.
    public var serverKey: CurvePublicKey
    /// This client's long-term key pair (its public key must be in the server's authorized list).
    public var keyPair: CurveKeyPair

    /// A client configuration.
    public init(serverKey: CurvePublicKey, keyPair: CurveKeyPair) {
        self.serverKey = serverKey
        self.keyPair = keyPair
    }

    /// Makes `socket` a CURVE client. Call before `connect`.
    func apply(to socket: ZMQSocket) throws(BusError) {
        guard zmq_has("curve") != 0 else { throw .curveUnavailable }
        do {
            try socket.set(.curveServerKey, serverKey.bytes)
            try socket.set(.curvePublicKey, keyPair.publicKey.bytes)
            try socket.set(.curveSecretKey, keyPair.secretKey.bytes)
        } catch {
            throw .zmq(error)
        }
    }
}
