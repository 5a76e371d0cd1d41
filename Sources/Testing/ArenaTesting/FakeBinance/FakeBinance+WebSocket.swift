import ArenaCore
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import NIOCore

extension FakeBinance {
    /// The WebSocket paths: spot's WebSocket API `/ws-api/v3` and USDⓈ-M's `/ws/<listenKey>`
    /// (an unknown or expired key, or a paused fake, is not upgraded).
    func upgrade(path: String) -> ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>> {
        let route = String(path.split(separator: "?", maxSplits: 1).first ?? "")
        if route == "/ws-api/v3" {
            guard let id = open(usdm: false, listenKey: nil) else { return .dontUpgrade }
            return .upgrade([:]) { inbound, outbound, _ in try await self.serve(id, inbound: inbound, outbound: outbound, requests: true) }
        }
        if route.hasPrefix("/ws/") {
            guard let id = open(usdm: true, listenKey: String(route.dropFirst(4))) else { return .dontUpgrade }
            return .upgrade([:]) { inbound, outbound, _ in try await self.serve(id, inbound: inbound, outbound: outbound, requests: false) }
        }
        return .dontUpgrade
    }

    /// Registers a connection; nil when paused or the listen key is not the active one.
    private func open(usdm: Bool, listenKey: String?) -> (Int, AsyncStream<String>)? {
        state.withLock { s in
            guard !s.streams.paused, listenKey == nil || listenKey == s.streams.listenKey else { return nil }
            let (stream, output) = AsyncStream.makeStream(of: String.self)
            let id = s.streams.nextConnectionID
            s.streams.nextConnectionID += 1
            s.streams.connectionsOpened += 1
            s.streams.connections[id] = FakeStreamConnection(usdm: usdm, listenKey: listenKey, output: output)
            return (id, stream)
        }
    }

    /// Writes what the connection is sent and, on the WebSocket API, answers its requests, until either side ends.
    private func serve(
        _ connection: (Int, AsyncStream<String>), inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, requests: Bool
    ) async throws {
        let (id, frames) = connection
        defer { _ = state.withLock { $0.streams.connections.removeValue(forKey: id) }?.output.finish() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for try await message in inbound.messages(maxSize: 1 << 16) {
                    guard requests, case .text(let text) = message else { continue }
                    // Answered under the lock, so the answer is queued before any event it enables.
                    self.state.withLock { s in
                        let answer = self.answer(&s, text, connection: id)
                        s.streams.connections[id]?.output.yield(s.text(answer))
                    }
                }
            }
            group.addTask { for await text in frames { try await outbound.write(.text(text)) } }
            try await group.next()
            group.cancelAll()
        }
    }

    /// A WebSocket API request's answer in Binance's format (`id`, `status`, `result` or `error`).
    private func answer(_ s: inout FakeBinanceState, _ text: String, connection: Int) -> JSONValue {
        guard case .object(let request)? = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) else {
            return Self.wsError(.null, 400, -1135, "Invalid JSON Request")
        }
        let id = request["id"] ?? .null
        var params: [String: JSONValue] = [:]
        if case .object(let p)? = request["params"] { params = p }
        switch request["method"] {
        case .string("userDataStream.subscribe.signature"):
            if let refusal = verifySubscription(params, now: Self.now(s)) {
                s.streams.subscriptionsRefused += 1
                return Self.wsError(id, refusal.status, refusal.code, refusal.msg)
            }
            guard var c = s.streams.connections[connection] else { return Self.wsError(id, 400, -1020, "This operation is not supported.") }
            let subscription = c.nextSubscriptionID
            (c.subscriptionID, c.nextSubscriptionID) = (subscription, subscription + 1)
            s.streams.connections[connection] = c
            s.streams.subscriptionsAccepted += 1
            return .object(["id": id, "status": .int(200), "result": .object(["subscriptionId": .int(Int64(subscription))])])
        case .string("userDataStream.unsubscribe"):
            if let sub = s.streams.connections[connection]?.subscriptionID {
                let ended: JSONValue = .object(["e": .string("eventStreamTerminated"), "E": .int(Self.now(s))])
                s.streams.connections[connection]?.output.yield(s.text(.object(["subscriptionId": .int(Int64(sub)), "event": ended])))
                s.streams.connections[connection]?.subscriptionID = nil
            }
            return .object(["id": id, "status": .int(200), "result": .object([:])])
        default:
            return Self.wsError(id, 400, -1020, "This operation is not supported.")
        }
    }

    /// Binance's checks of a signed WebSocket API request: key (-2015), HMAC over the parameters
    /// sorted by name (-1022), timestamp window (-1021).
    private func verifySubscription(_ params: [String: JSONValue], now: Int64) -> (status: Int, code: Int, msg: String)? {
        func text(_ v: JSONValue) -> String? {
            switch v {
            case .string(let s): s
            case .int(let i): String(i)
            case .bool(let b): String(b)
            case .double(let d): String(d)
            default: nil
            }
        }
        guard case .string(let key)? = params["apiKey"], key == apiKey else { return (401, -2015, "Invalid API-key, IP, or permissions for action.") }
        guard case .string(let signature)? = params["signature"], !signature.isEmpty else {
            return (400, -1102, "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.")
        }
        let payload = params.filter { $0.key != "signature" }.sorted { $0.key < $1.key }
            .map { "\($0.key)=\(text($0.value) ?? "")" }.joined(separator: "&")
        let mac = HMAC<SHA256>.authenticationCode(for: Array(payload.utf8), using: SymmetricKey(data: secret))
        guard signature.lowercased() == mac.map({ String(format: "%02x", $0) }).joined() else {
            return (400, -1022, "Signature for this request is not valid.")
        }
        guard let timestamp = params["timestamp"].flatMap(text).flatMap(Int64.init) else {
            return (400, -1102, "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.")
        }
        let window = params["recvWindow"].flatMap(text).flatMap(Int64.init) ?? 5_000
        if timestamp >= now + 1_000 || now - timestamp > window { return (400, -1021, "Timestamp for this request is outside of the recvWindow.") }
        return nil
    }

    private static func wsError(_ id: JSONValue, _ status: Int, _ code: Int, _ msg: String) -> JSONValue {
        .object(["id": id, "status": .int(Int64(status)), "error": .object(["code": .int(Int64(code)), "msg": .string(msg)])])
    }

    /// USDⓈ-M `POST`/`PUT`/`DELETE /fapi/v1/listenKey` (API key, no signature).
    static func listenKeyRoutes(_ route: (HTTPRequest.Method, String, @escaping Handler) -> Void) {
        route(.post, "/fapi/v1/listenKey") { s, _ in
            if s.streams.listenKey == nil {
                s.streams.listenKeysIssued += 1
                s.streams.listenKey = "fakeListenKey\(s.streams.listenKeysIssued)" + String(repeating: "x", count: 40)
            }
            return FakeBinanceAnswer(json: .object(["listenKey": .string(s.streams.listenKey!)]))
        }
        route(.put, "/fapi/v1/listenKey") { s, _ in
            guard let key = s.streams.listenKey else { return .error(-1125, "This listenKey does not exist.") }
            s.streams.keepAlives.append(.now)
            return FakeBinanceAnswer(json: .object(["listenKey": .string(key)]))
        }
        route(.delete, "/fapi/v1/listenKey") { s, _ in
            let key = s.streams.listenKey
            s.streams.listenKey = nil
            for (id, c) in s.streams.connections where c.listenKey != nil && c.listenKey == key {
                c.output.finish()
                s.streams.connections[id] = nil
            }
            return FakeBinanceAnswer(json: .object([:]))
        }
    }
}
