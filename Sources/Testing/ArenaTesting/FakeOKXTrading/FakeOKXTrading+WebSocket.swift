import Foundation
import HummingbirdWebSocket

extension FakeOKXTrading {
    /// One private connection: replies and pushes go through one queue (so a login's answer is
    /// written before any push), read while writing, until either side closes or ``dropConnections()``.
    func serveWebSocket(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        let (queue, out) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .unbounded)
        let id = state.withLock { s -> Int in
            defer { s.nextConnection += 1 }
            s.connections[s.nextConnection] = FakeOKXConnection(outbound: out)
            return s.nextConnection
        }
        defer { _ = state.withLock { $0.connections.removeValue(forKey: id) } }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for try await message in inbound.messages(maxSize: 1 << 16) {
                    guard case .text(let text) = message else { continue }
                    for reply in self.answer(text, connection: id) { out.yield(reply) }
                }
            }
            group.addTask {
                for await text in queue { try await outbound.write(.text(text)) }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    /// The replies to one client frame.
    private func answer(_ text: String, connection id: Int) -> [String] {
        if text == "ping" {
            state.withLock { $0.pings += 1 }
            return ["pong"]
        }
        func error(_ code: String, _ msg: String) -> [String] {
            [#"{"event":"error","code":"\#(code)","msg":"\#(msg)","connId":"fake-\#(id)"}"#]
        }
        guard let request = JSONValue.parse(Array(text.utf8)), let op = request["op"]?.string,
            case .array(let args) = request["args"] ?? .null, let arg = args.first
        else { return error("60012", "Invalid request: \(text.prefix(40).filter { $0 != "\"" })") }
        switch op {
        case "login":
            if let refusal = verifyLogin(arg) { return error(refusal.0, refusal.1) }
            state.withLock { s in
                s.connections[id]?.loggedIn = true
                s.logins += 1
            }
            return [#"{"event":"login","code":"0","msg":"","connId":"fake-\#(id)"}"#]
        case "subscribe":
            guard state.withLock({ $0.connections[id]?.loggedIn ?? false }) else { return error("60011", "Please log in") }
            guard arg["channel"]?.string == "orders" else { return error("60018", "Wrong URL or channel doesn't exist.") }
            let instType = arg["instType"]?.string ?? "ANY"
            state.withLock { $0.connections[id]?.subscribed = true }
            return [#"{"event":"subscribe","arg":{"channel":"orders","instType":"\#(instType)"},"connId":"fake-\#(id)"}"#]
        default:
            return error("60012", "Invalid request: unknown op")
        }
    }

    /// OKX's checks of a login: key, passphrase, timestamp (Unix seconds, within the tolerance), sign.
    private func verifyLogin(_ arg: JSONValue) -> (String, String)? {
        guard arg["apiKey"]?.string == apiKey else { return ("60005", "Invalid OK-ACCESS-KEY") }
        guard arg["passphrase"]?.string == passphrase else { return ("60024", "Wrong passphrase") }
        guard let text = arg["timestamp"]?.string, let seconds = Int64(text) else { return ("60004", "Invalid timestamp") }
        guard abs(Self.now() - seconds * 1_000) <= timestampToleranceMilliseconds else { return ("60006", "Timestamp request expired") }
        guard arg["sign"]?.string == Self.sign(secret, text + "GET" + "/users/self/verify") else { return ("60007", "Invalid sign") }
        return nil
    }
}
