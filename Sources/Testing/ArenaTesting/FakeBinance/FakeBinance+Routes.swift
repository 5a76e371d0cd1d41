import ArenaCore
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// One request as a handler sees it: its market and its parameters (query and form body, query first).
struct FakeBinanceCall {
    var usdm: Bool
    var params: [String: String]
}

/// What a handler answers; `hold` delays the answer (the order already placed).
struct FakeBinanceAnswer: Sendable {
    var status = 200
    var json: JSONValue
    var headers: HTTPFields = [:]
    var hold: Duration?

    /// Binance's error body `{"code","msg"}`.
    static func error(_ code: Int, _ msg: String, status: Int = 400) -> FakeBinanceAnswer {
        FakeBinanceAnswer(status: status, json: .object(["code": .int(Int64(code)), "msg": .string(msg)]))
    }
}

extension FakeBinance {
    typealias Handler = @Sendable (inout FakeBinanceState, FakeBinanceCall) -> FakeBinanceAnswer

    static func routes(_ router: Router<BasicRequestContext>, _ box: FakeBinanceBox) {
        func route(_ method: HTTPRequest.Method, _ path: String, usdm: Bool, signed: Bool, keyed: Bool = false, _ handler: @escaping Handler) {
            router.on(RouterPath(stringLiteral: path), method: method) { request, _ -> Response in
                guard let fake = box.fake else { throw HTTPError(.serviceUnavailable) }
                return try await fake.handle(request, usdm: usdm, signed: signed, keyed: keyed, handler)
            }
        }
        listenKeyRoutes { method, path, handler in route(method, path, usdm: true, signed: false, keyed: true, handler) }
        for (prefix, usdm) in [("/api/v3", false), ("/fapi/v1", true)] {
            route(.get, "\(prefix)/time", usdm: usdm, signed: false) { s, _ in FakeBinanceAnswer(json: .object(["serverTime": .int(now(s))])) }
            route(.get, "\(prefix)/exchangeInfo", usdm: usdm, signed: false) { s, c in FakeBinanceAnswer(json: exchangeInfoJSON(s, usdm: c.usdm)) }
            route(.post, "\(prefix)/order", usdm: usdm, signed: true, place)
            route(.get, "\(prefix)/order", usdm: usdm, signed: true, query)
            route(.delete, "\(prefix)/order", usdm: usdm, signed: true, cancel)
            route(.get, "\(prefix)/openOrders", usdm: usdm, signed: true) { s, c in
                let open = s.orders.filter { $0.isOpen && (c.params["symbol"] == nil || $0.symbol == c.params["symbol"]) }
                return FakeBinanceAnswer(json: .array(open.map { orderJSON($0, usdm: c.usdm) }))
            }
        }
        route(.get, "/api/v3/account", usdm: false, signed: true) { s, _ in FakeBinanceAnswer(json: accountJSON(s, usdm: false)) }
        route(.get, "/fapi/v2/account", usdm: true, signed: true) { s, _ in FakeBinanceAnswer(json: accountJSON(s, usdm: true)) }
        route(.get, "/api/v3/myTrades", usdm: false, signed: true) { s, c in tradesAnswer(s, c) }
        route(.get, "/fapi/v1/userTrades", usdm: true, signed: true) { s, c in tradesAnswer(s, c) }
    }

    /// Counts the request, charges its weight, verifies key, signature and timestamp, then runs `handler` under the lock.
    /// `keyed` (USER_STREAM): the API key is checked, there is no signature.
    private func handle(_ request: Request, usdm: Bool, signed: Bool, keyed: Bool, _ handler: Handler) async throws -> Response {
        let body = String(decoding: try await request.body.collect(upTo: 1 << 16).readableBytesView, as: UTF8.self)
        let query = request.uri.query ?? ""
        let key = request.headers[HTTPField.Name("X-MBX-APIKEY")!]
        var answer = state.withLock { s -> FakeBinanceAnswer in
            s.requestsByPath["\(request.method.rawValue) \(request.uri.path)", default: 0] += 1
            if let key { s.apiKeysSeen.insert(key) }
            if let retryAfter = s.charge(1, now: .now) {
                var a = FakeBinanceAnswer.error(-1003, "Too much request weight used; current limit is \(s.weightBudget) request weight per \(s.weightWindow). Please use WebSocket Streams for live updates to avoid polling the API.", status: 429)
                a.headers.set("Retry-After", String(retryAfter))
                return a
            }
            let call = FakeBinanceCall(usdm: usdm, params: Self.parameters(query, body))
            if signed, let refusal = verify(key: key, query: query, body: body, call: call, now: Self.now(s)) { return refusal }
            if keyed && key != apiKey { return .error(-2015, "Invalid API-key, IP, or permissions for action.", status: 401) }
            return handler(&s, call)
        }
        answer.headers.set("X-MBX-USED-WEIGHT-1M", String(state.withLock { $0.weightUsed }))
        if let hold = answer.hold { try? await Task.sleep(for: hold) }
        return .json(answer.status, answer.json, headers: answer.headers)
    }

    /// Binance's checks of a SIGNED request, in its order: key, signature, timestamp.
    private func verify(key: String?, query: String, body: String, call: FakeBinanceCall, now: Int64) -> FakeBinanceAnswer? {
        guard key == apiKey else { return .error(-2015, "Invalid API-key, IP, or permissions for action.", status: 401) }
        let (q, querySignature) = Self.strippingSignature(query)
        let (b, bodySignature) = Self.strippingSignature(body)
        guard let signature = querySignature ?? bodySignature, !signature.isEmpty else {
            return .error(-1102, "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.")
        }
        // totalParams is the query string concatenated with the body; the signature is not case sensitive.
        let mac = HMAC<SHA256>.authenticationCode(for: Array((q + b).utf8), using: SymmetricKey(data: secret))
        let expected = mac.map { String(format: "%02x", $0) }.joined()
        guard signature.lowercased() == expected else { return .error(-1022, "Signature for this request is not valid.") }
        guard let timestamp = call.params["timestamp"].flatMap(Int64.init) else {
            return .error(-1102, "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.")
        }
        let recvWindow = call.params["recvWindow"].flatMap(Int64.init) ?? 5_000
        guard recvWindow <= 60_000 else { return .error(-1130, "Data sent for parameter 'recvWindow' is not valid.") }
        if timestamp >= now + 1_000 { return .error(-1021, "Timestamp for this request was 1000ms ahead of the server's time.") }
        if now - timestamp > recvWindow { return .error(-1021, "Timestamp for this request is outside of the recvWindow.") }
        return nil
    }

    /// `text` without its `signature=` parameter, and that signature.
    static func strippingSignature(_ text: String) -> (String, String?) {
        var signature: String?
        let kept = text.split(separator: "&", omittingEmptySubsequences: false).filter { part in
            guard part.hasPrefix("signature=") else { return true }
            signature = String(part.dropFirst("signature=".count))
            return false
        }
        return (kept.joined(separator: "&"), signature)
    }

    /// The parameters of the query and the form body (a query parameter wins, as on Binance).
    static func parameters(_ query: String, _ body: String) -> [String: String] {
        var out: [String: String] = [:]
        for (text, form) in [(body, true), (query, false)] {
            for part in text.split(separator: "&") {
                let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                func decode(_ s: Substring) -> String {
                    let t = form ? s.replacingOccurrences(of: "+", with: " ") : String(s)
                    return t.removingPercentEncoding ?? t
                }
                out[decode(kv[0])] = kv.count > 1 ? decode(kv[1]) : ""
            }
        }
        return out
    }

    private static func tradesAnswer(_ s: FakeBinanceState, _ c: FakeBinanceCall) -> FakeBinanceAnswer {
        guard let symbol = c.params["symbol"] else {
            return .error(-1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.")
        }
        let limit = c.params["limit"].flatMap(Int.init) ?? 500
        let order = c.params["orderId"].flatMap(Int64.init)
        let trades = s.trades.filter { $0.symbol == symbol && (order == nil || $0.orderID == order) }.suffix(limit)
        return FakeBinanceAnswer(json: .array(trades.map { tradeJSON($0, usdm: c.usdm) }))
    }
}
