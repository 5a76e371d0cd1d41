import ArenaCore
import Foundation
import Logging
import Synchronization
import WSClient

/// What the private order stream reports.
public enum OKXPrivateEvent: Sendable, Hashable {
    /// A connection opened (the login is sent next).
    case connected(connection: Int)
    /// The venue accepted the login.
    case loggedIn(connection: Int)
    /// The `orders` channel is subscribed on this connection. Pushes flow from now on; whatever
    /// happened while no connection was subscribed must be fetched (reconciliation) now.
    case subscribed(connection: Int)
    /// One order push: a state change or an execution (``OKXOrder/lastFill``).
    case order(OKXOrder)
    /// The venue refused the login (bad key, passphrase, signature or timestamp); the stream retries after its backoff.
    case loginFailed(code: String, message: String)
    /// The connection ended; the stream reconnects (and logs in again) after its backoff.
    case disconnected(connection: Int, reason: String)
    /// A frame that could not be read.
    case malformed(String)
}

/// OKX's private WebSocket for order updates: login, the `orders` channel for every instrument
/// type, the text `ping` after silence, and reconnection with a fresh login.
///
/// OKX (www.okx.com/docs-v5/en/#overview-websocket-login, …#order-book-trading-trade-ws-order-channel):
/// login is `{"op":"login","args":[{"apiKey","passphrase","timestamp","sign"}]}` with the timestamp in
/// Unix seconds and `sign` = Base64(HMAC-SHA256(secret, timestamp + "GET" + "/users/self/verify"));
/// the venue closes a connection silent for 30 s, so `ping` is sent after `pingAfter` of silence and a
/// connection that does not answer within `pongTimeout` is dropped and replaced.
public struct OKXPrivateStream: Sendable {
    /// Keep-alive and reconnection.
    public struct Configuration: Sendable {
        /// Send `ping` after this much silence (below OKX's 30 s).
        public var pingAfter: Duration = .seconds(20)
        /// Drop the connection if nothing arrives this long after a `ping`.
        public var pongTimeout: Duration = .seconds(5)
        /// The first reconnect wait, doubled after each failed connection up to `maximumReconnectDelay`.
        public var reconnectDelay: Duration = .milliseconds(500)
        public var maximumReconnectDelay: Duration = .seconds(30)
        public var maxFrameSize = 1 << 20
        /// The wall clock in milliseconds since the epoch (the login's timestamp), server-corrected when known.
        public var localMilliseconds: @Sendable () -> Int64 = { WallClock().now().milliseconds }

        public init() {}
    }

    /// The subscription sent after a successful login.
    public static let subscribeMessage = #"{"op":"subscribe","args":[{"channel":"orders","instType":"ANY"}]}"#

    public let environment: OKXEnvironment
    private let signer: OKXSigner
    private let configuration: Configuration
    private let logger: Logger

    public init(
        environment: OKXEnvironment, credentials: OKXCredentials, configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "arena.venues.okx.private")
    ) {
        self.environment = environment
        signer = OKXSigner(credentials: credentials)
        self.configuration = configuration
        self.logger = logger
    }

    /// Runs connections until the consumer stops iterating.
    public func events() -> AsyncStream<OKXPrivateEvent> {
        let (stream, output) = AsyncStream.makeStream(of: OKXPrivateEvent.self, bufferingPolicy: .unbounded)
        let task = Task { await run(output) }
        output.onTermination = { _ in task.cancel() }
        return stream
    }

    private func run(_ output: AsyncStream<OKXPrivateEvent>.Continuation) async {
        var id = 0
        var delay = configuration.reconnectDelay
        while !Task.isCancelled {
            id += 1
            let (reason, subscribed) = await connection(id, output)
            output.yield(.disconnected(connection: id, reason: reason))
            if Task.isCancelled { break }
            // A connection that got as far as the subscription was healthy: start the backoff again.
            delay = subscribed ? configuration.reconnectDelay : Swift.min(delay * 2, configuration.maximumReconnectDelay)
            logger.warning("okx private stream reconnecting", metadata: ["after": "\(delay)", "reason": "\(reason)"])
            try? await Task.sleep(for: delay)
        }
        output.finish()
    }

    /// One connection: login, subscribe, read pushes until closed, silent or refused. Returns why it
    /// ended and whether it was subscribed.
    private func connection(_ id: Int, _ output: AsyncStream<OKXPrivateEvent>.Continuation) async -> (String, Bool) {
        let heard = Heard()
        let subscribed = Flag()
        let configuration = configuration, signer = signer, logger = logger
        let client = WebSocketClient(
            url: environment.privateWebSocketURL, configuration: .init(maxFrameSize: configuration.maxFrameSize), logger: logger
        ) { inbound, outbound, _ in
            output.yield(.connected(connection: id))
            try await outbound.write(.text(signer.loginMessage(unixSeconds: configuration.localMilliseconds() / 1_000)))
            try await withThrowingTaskGroup(of: String.self) { group in
                group.addTask {
                    for try await message in inbound.messages(maxSize: configuration.maxFrameSize) {
                        heard.touch()
                        guard case .text(let text) = message else { continue }
                        if text == "pong" { continue }
                        switch Self.read(text) {
                        case .loggedIn:
                            output.yield(.loggedIn(connection: id))
                            try await outbound.write(.text(Self.subscribeMessage))
                        case .subscribed:
                            subscribed.set()
                            output.yield(.subscribed(connection: id))
                        case .orders(let orders):
                            for order in orders { output.yield(.order(order)) }
                        case .error(let code, let message):
                            logger.warning("okx private stream error", metadata: ["code": "\(code)", "msg": "\(message)"])
                            guard subscribed.isSet else {
                                output.yield(.loginFailed(code: code, message: message))
                                return "login or subscription refused: \(code) \(message)"
                            }
                        case .other:
                            continue
                        case .malformed(let reason):
                            output.yield(.malformed(reason))
                        }
                    }
                    return "closed by the venue"
                }
                group.addTask {
                    while true {
                        try await Task.sleep(for: .milliseconds(100))
                        guard heard.silence >= configuration.pingAfter else { continue }
                        let sentAt = ContinuousClock.now
                        try await outbound.write(.text("ping"))
                        // Anything heard after the ping (its `pong`, a push) shows the connection lives.
                        while heard.last < sentAt {
                            if ContinuousClock.now - sentAt > configuration.pongTimeout {
                                return "no answer to ping within \(configuration.pongTimeout)"
                            }
                            try await Task.sleep(for: .milliseconds(50))
                        }
                    }
                }
                let reason = try await group.next() ?? "ended"
                group.cancelAll()
                throw ConnectionEnd(reason: reason)
            }
        }
        let reason: String
        do {
            try await client.run()
            reason = "closed"
        } catch let end as ConnectionEnd {
            reason = end.reason
        } catch {
            reason = "\(error)"
        }
        return (reason, subscribed.isSet)
    }

    /// What one text frame is.
    enum Frame: Sendable {
        case loggedIn, subscribed, orders([OKXOrder]), error(code: String, message: String), other, malformed(String)
    }

    /// Reads one frame of the private stream.
    static func read(_ text: String) -> Frame {
        struct Arg: Decodable { var channel: String? }
        struct Head: Decodable { var event: String?; var code: String?; var msg: String?; var arg: Arg? }
        struct Push: Decodable { var data: [OKXOrder] }
        let bytes = Data(text.utf8)
        guard let head = try? JSONDecoder().decode(Head.self, from: bytes) else { return .malformed("not JSON: \(text.prefix(80))") }
        switch head.event {
        case "login": return head.code == "0" ? .loggedIn : .error(code: head.code ?? "", message: head.msg ?? "")
        case "subscribe": return head.arg?.channel == "orders" ? .subscribed : .other
        case "error": return .error(code: head.code ?? "", message: head.msg ?? "")
        case nil:
            guard head.arg?.channel == "orders" else { return .other }
            do { return .orders(try JSONDecoder().decode(Push.self, from: bytes).data) } catch {
                return .malformed("orders push: \(error)")
            }
        default: return .other
        }
    }
}

/// When a connection last received anything.
private final class Heard: Sendable {
    private let at = Mutex(ContinuousClock.now)
    func touch() { at.withLock { $0 = .now } }
    var last: ContinuousClock.Instant { at.withLock { $0 } }
    var silence: Duration { .now - last }
}

/// Set once a connection has subscribed.
private final class Flag: Sendable {
    private let value = Atomic<Bool>(false)
    func set() { value.store(true, ordering: .releasing) }
    var isSet: Bool { value.load(ordering: .acquiring) }
}

/// Ends a connection's handler with the reason it ended.
private struct ConnectionEnd: Error {
    var reason: String
}
