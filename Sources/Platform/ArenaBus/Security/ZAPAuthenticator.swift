import Logging
import Synchronization

/// Counts of the ZAP handler's decisions in a context.
public struct AuthenticationStatistics: Sendable, Hashable {
    /// Handshakes allowed (client key listed for the server's domain).
    public var allowed: Int
    /// Handshakes refused; each one is also logged with the client's key and address.
    public var denied: Int
}

extension ZMQContext {
    /// Allowed and denied CURVE handshakes in this context, or `nil` when no
    /// CURVE server was ever configured in it.
    public var authenticationStatistics: AuthenticationStatistics? {
        existingService(ZAPAuthenticator.serviceKey, as: ZAPAuthenticator.self).map {
            AuthenticationStatistics(allowed: $0.allowed.value, denied: $0.denied.value)
        }
    }
}

/// The ZAP handler (ZeroMQ RFC 27) of one context: a REP socket bound at
/// `inproc://zeromq.zap.01` on its own thread, which libzmq asks during
/// every CURVE handshake whether the client may connect.
///
/// Each CURVE server socket gets its own ZAP domain, registered with the
/// list of client keys it accepts; a request for an unknown domain or any
/// mechanism other than CURVE is denied, so the handler fails closed.
final class ZAPAuthenticator: ContextService {
    static let endpoint = "inproc://zeromq.zap.01"
    static let serviceKey = "arena.zap"

    let allowed = BusCounter(BusMetricName.zapAllowed, [("service", "zap")])
    let denied = BusCounter(BusMetricName.zapDenied, [("service", "zap")])
    private let domains = Mutex<[String: [CurvePublicKey: String]]>([:])
    private let domainCounter = Atomic<UInt64>(0)
    private let stopping = Atomic<Bool>(false)
    private let wake: WakeSignal
    private let logger = Logger(label: "arena.bus.zap")

    /// The context's handler, started (and bound) on first use.
    static func running(in context: ZMQContext) throws(BusError) -> ZAPAuthenticator {
        try context.service(serviceKey) { () throws(BusError) -> ZAPAuthenticator in try ZAPAuthenticator(context: context) }
    }

    private init(context: ZMQContext) throws(BusError) {
        let socket: ZMQSocket
        do {
            wake = try WakeSignal()
            socket = try ZMQSocket(.rep, context: context, options: .control)
            try socket.bind(Self.endpoint)
        } catch {
            throw .zmq(error)
        }
        let handoff = Mutex<ZMQSocket?>(socket)
        // The thread keeps the handler alive until stop(); nobody joins it,
        // since it only ends with its context.
        _ = BusThread.start(name: "zap") { [self] in
            guard let socket = handoff.withLock({ $0.take() }) else { return }
            run(socket)
            socket.close()
        }
    }

    /// Accepts `clients` for a new domain; the domain lives as long as the registration.
    func register(_ clients: [CurvePublicKey: String]) -> ZAPRegistration {
        let domain = "arena.\(domainCounter.add(1, ordering: .relaxed).newValue)"
        domains.withLock { $0[domain] = clients }
        return ZAPRegistration(domain: domain, authenticator: self)
    }

    func unregister(_ domain: String) {
        _ = domains.withLock { $0.removeValue(forKey: domain) }
    }

    func stop() {
        stopping.store(true, ordering: .releasing)
        wake.signal()
    }

    private func run(_ socket: ZMQSocket) {
        var poller = Poller()
        let socketIndex = poller.add(socket)
        poller.add(fileDescriptor: wake.readFD)
        while !stopping.load(ordering: .acquiring) {
            do {
                try poller.poll(timeout: nil)
                wake.drain()
                guard poller.isReadable(socketIndex) else { continue }
                while let request = try socket.receive(dontWait: true) {
                    try socket.send(answer(request))
                }
            } catch {
                if !error.isTerminated { logger.error("ZAP handler stopped: \(error)") }
                return
            }
        }
    }

    /// The reply to one ZAP request (RFC 27):
    /// request `[version "1.0", request id, domain, address, routing id, mechanism, credentials…]`,
    /// reply `[version "1.0", request id, status "200"|"400"|"500", status text, user id, metadata]`.
    func answer(_ request: [[UInt8]]) -> [[UInt8]] {
        func reply(_ status: String, _ text: String, user: String = "") -> [[UInt8]] {
            let requestID = request.count > 1 ? request[1] : []
            return [Array("1.0".utf8), requestID, Array(status.utf8), Array(text.utf8), Array(user.utf8), []]
        }
        guard request.count >= 6, request[0] == Array("1.0".utf8) else {
            denied.increment()
            logger.warning("malformed ZAP request refused", metadata: ["frames": "\(request.count)"])
            return reply("500", "malformed ZAP request")
        }
        let domain = String(decoding: request[2], as: UTF8.self)
        let address = String(decoding: request[3], as: UTF8.self)
        let mechanism = String(decoding: request[5], as: UTF8.self)
        func deny(_ why: String, key: String = "-") -> [[UInt8]] {
            denied.increment()
            logger.warning(
                "CURVE client refused: \(why)",
                metadata: ["domain": "\(domain)", "address": "\(address)", "client_key": "\(key)"]
            )
            return reply("400", why)
        }
        guard mechanism == "CURVE", request.count == 7, let clientKey = try? CurvePublicKey(bytes: request[6]) else {
            return deny("only CURVE clients are authenticated here (got \(mechanism))")
        }
        guard let clients = domains.withLock({ $0[domain] }) else {
            return deny("unknown ZAP domain", key: clientKey.z85)
        }
        guard let label = clients[clientKey] else {
            return deny("client key is not authorized", key: clientKey.z85)
        }
        allowed.increment()
        logger.debug("CURVE client allowed", metadata: ["domain": "\(domain)", "address": "\(address)", "client": "\(label)"])
        return reply("200", "OK", user: label)
    }
}

/// Keeps a CURVE server's ZAP domain registered while the server lives.
final class ZAPRegistration: Sendable {
    /// The `ZMQ_ZAP_DOMAIN` set on the server socket.
    let domain: String
    private let authenticator: ZAPAuthenticator

    init(domain: String, authenticator: ZAPAuthenticator) {
        self.domain = domain
        self.authenticator = authenticator
    }

    deinit { authenticator.unregister(domain) }
}
