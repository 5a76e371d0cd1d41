/// How a component's socket is secured: a binding server or a connecting client.
enum SocketSecurity {
    case server(CurveServerConfig?)
    case client(CurveClientConfig?)
}

/// A socket configured, secured and attached to its endpoints, ready to be
/// handed to the thread or lock that will own it.
struct PreparedSocket {
    let socket: ZMQSocket
    /// The endpoints as bound (wildcard ports resolved) or as connected.
    let endpoints: [String]
    let monitor: SocketMonitor?
    /// Keeps a CURVE server's ZAP domain registered; lives as long as the socket.
    let zapRegistration: ZAPRegistration?

    /// Creates a socket of `type` and applies, in the order libzmq needs
    /// (options, security, monitor, then `configure`, then bind or connect):
    /// a server binds every endpoint, a client connects to every endpoint.
    static func make(
        _ type: SocketType, context: ZMQContext, options: SocketOptions, security: SocketSecurity,
        endpoints: [String], monitorLabel: String?, configure: (ZMQSocket) throws(ZMQError) -> Void = { _ in }
    ) throws(BusError) -> PreparedSocket {
        guard !endpoints.isEmpty else { throw .invalidConfiguration("\(type) socket needs at least one endpoint") }
        let socket: ZMQSocket
        do { socket = try ZMQSocket(type, context: context, options: options) } catch { throw .zmq(error) }
        var registration: ZAPRegistration?
        switch security {
        case .server(let curve?): registration = try curve.apply(to: socket)
        case .client(let curve?): try curve.apply(to: socket)
        case .server(nil), .client(nil): break
        }
        do {
            let monitor = try monitorLabel.map { (label) throws(ZMQError) in try socket.monitor(label: label) }
            try configure(socket)
            var resolved: [String] = []
            for endpoint in endpoints {
                if case .server = security {
                    resolved.append(try socket.bind(endpoint))
                } else {
                    try socket.connect(endpoint)
                    resolved.append(endpoint)
                }
            }
            return PreparedSocket(socket: socket, endpoints: resolved, monitor: monitor, zapRegistration: registration)
        } catch {
            socket.close()
            throw .zmq(error)
        }
    }
}
