import ArenaCore
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// One request as a handler sees it: its query parameters, its JSON body and the `expTime` header.
struct FakeOKXCall {
    var query: [String: String]
    var body: [String: JSONValue]
    var expTime: Int64?
}

/// What a handler answers; `hold` delays the answer (the order already placed).
struct FakeOKXAnswer: Sendable {
    var status = 200
    var json: JSONValue
    var hold: Duration?

    /// OKX's envelope error `{"code","msg","data":[]}`.
    static func error(_ code: String, _ msg: String, status: Int = 400) -> FakeOKXAnswer {
        FakeOKXAnswer(status: status, json: .object(["code": .string(code), "msg": .string(msg), "data": .array([])]))
    }

    /// A failed one-order operation: HTTP 200, `code` 1, the detail in `sCode`/`sMsg`.
    static func orderError(_ sCode: String, _ sMsg: String, clOrdID: String) -> FakeOKXAnswer {
        FakeOKXAnswer(json: .object([
            "code": .string("1"), "msg": .string("All operations failed"),
            "data": .array([.object([
                "clOrdId": .string(clOrdID), "ordId": .string(""), "tag": .string(""), "ts": .string(String(FakeOKXTrading.now())),
                "sCode": .string(sCode), "sMsg": .string(sMsg),
            ])]),
        ]))
    }
}

extension FakeOKXTrading {
    typealias Handler = @Sendable (inout FakeOKXState, FakeOKXCall) -> FakeOKXAnswer

    static func routes(_ router: Router<BasicRequestContext>, _ box: FakeOKXBox) {
        func route(_ method: HTTPRequest.Method, _ path: String, signed: Bool, _ handler: @escaping Handler) {
            router.on(RouterPath(stringLiteral: path), method: method) { request, _ -> Response in
                guard let fake = box.fake else { throw HTTPError(.serviceUnavailable) }
                return try await fake.handle(request, signed: signed, handler)
            }
        }
        route(.get, "/api/v5/public/time", signed: false) { _, _ in ok([.object(["ts": .string(String(now()))])]) }
        route(.get, "/api/v5/public/instruments", signed: false) { s, c in
            guard let type = c.query["instType"], !type.isEmpty else { return .error("50014", "Parameter instType cannot be empty.") }
            return ok(s.instruments.values.filter { $0.instType == type }.sorted { $0.instID < $1.instID }.map(instrumentJSON))
        }
        route(.post, "/api/v5/trade/order", signed: true, place)
        route(.post, "/api/v5/trade/cancel-order", signed: true, cancel)
        route(.get, "/api/v5/trade/order", signed: true, query)
        route(.get, "/api/v5/trade/orders-pending", signed: true) { s, c in
            ok(s.orders.filter { $0.isOpen && (c.query["instId"] == nil || $0.instID == c.query["instId"]) }.reversed().map(orderJSON))
        }
        route(.get, "/api/v5/account/balance", signed: true) { s, _ in ok([balanceJSON(s)]) }
        route(.get, "/api/v5/trade/fills", signed: true) { s, c in
            let limit = c.query["limit"].flatMap(Int.init) ?? 100
            let fills = s.fills.filter { c.query["instId"] == nil || $0.order.instID == c.query["instId"] }
            return ok(fills.reversed().prefix(limit).map(fillJSON))
        }
    }

    /// Counts the request, applies an injected rate limit, checks the demo header and the
    /// authentication, then runs `handler` under the lock.
    private func handle(_ request: Request, signed: Bool, _ handler: Handler) async throws -> Response {
        let bodyText = String(decoding: try await request.body.collect(upTo: 1 << 16).readableBytesView, as: UTF8.self)
        let path = request.uri.path, query = request.uri.query ?? ""
        func header(_ name: String) -> String? { HTTPField.Name(name).flatMap { request.headers[$0] } }
        let simulated = header("x-simulated-trading") == "1"
        let answer = state.withLock { s -> FakeOKXAnswer in
            s.requestsByPath["\(request.method.rawValue) \(path)", default: 0] += 1
            if !simulated { s.productionRequests += 1 }
            if let key = header("OK-ACCESS-KEY") { s.apiKeysSeen.insert(key) }
            if s.rateLimitNext > 0 {
                s.rateLimitNext -= 1
                return .error("50011", "Too Many Requests", status: 429)
            }
            if signed {
                let requestPath = path + (query.isEmpty ? "" : "?" + query)
                if let refusal = verify(header, method: request.method.rawValue, requestPath: requestPath, body: bodyText) { return refusal }
                if demo && !simulated { return .error("50101", "APIKey does not match current environment.", status: 401) }
            }
            var body: [String: JSONValue] = [:]
            if request.method == .post {
                guard case .object(let members) = JSONValue.parse(Array(bodyText.utf8)) ?? .null else {
                    return .error("50002", "JSON syntax error")
                }
                body = members
            }
            let call = FakeOKXCall(query: Self.parameters(query), body: body, expTime: header("expTime").flatMap { Int64($0) })
            return handler(&s, call)
        }
        if let hold = answer.hold {
            // Never blocks a thread: short sleeps, until the hold passes or the fake stops.
            let until = ContinuousClock.now + hold
            while ContinuousClock.now < until, !state.withLock({ $0.stopping }) { try? await Task.sleep(for: .milliseconds(50)) }
        }
        return .json(answer.status, answer.json)
    }

    /// OKX's checks of a private request: key, passphrase, timestamp (format and freshness), signature.
    private func verify(_ header: (String) -> String?, method: String, requestPath: String, body: String) -> FakeOKXAnswer? {
        guard let key = header("OK-ACCESS-KEY"), !key.isEmpty else { return .error("50103", "Request header OK-ACCESS-KEY cannot be empty.", status: 401) }
        guard key == apiKey else { return .error("50111", "Invalid OK-ACCESS-KEY.", status: 401) }
        guard let phrase = header("OK-ACCESS-PASSPHRASE"), !phrase.isEmpty else {
            return .error("50104", "Request header OK-ACCESS-PASSPHRASE cannot be empty.", status: 401)
        }
        guard phrase == passphrase else { return .error("50105", "Request header OK-ACCESS-PASSPHRASE incorrect.", status: 401) }
        guard let timestamp = header("OK-ACCESS-TIMESTAMP"), !timestamp.isEmpty else {
            return .error("50107", "Request header OK-ACCESS-TIMESTAMP cannot be empty.", status: 401)
        }
        guard let stamped = Self.milliseconds(iso: timestamp) else { return .error("50112", "Invalid OK-ACCESS-TIMESTAMP.", status: 401) }
        guard abs(Self.now() - stamped) <= timestampToleranceMilliseconds else {
            return .error("50102", "Timestamp request expired.", status: 401)
        }
        guard let sign = header("OK-ACCESS-SIGN"), !sign.isEmpty else {
            return .error("50106", "Request header OK-ACCESS-SIGN cannot be empty.", status: 401)
        }
        guard sign == Self.sign(secret, timestamp + method + requestPath + body) else { return .error("50113", "Invalid Sign", status: 401) }
        return nil
    }

    /// Base64(HMAC-SHA256(`key`, `message`)).
    static func sign(_ key: [UInt8], _ message: String) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: Array(message.utf8), using: SymmetricKey(data: key))).base64EncodedString()
    }

    /// `2020-12-08T09:08:57.715Z` as milliseconds since the epoch; nil unless exactly that shape.
    static func milliseconds(iso text: String) -> Int64? {
        guard text.utf8.count == 24, text.hasSuffix("Z") else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text).map { Int64(($0.timeIntervalSince1970 * 1_000).rounded()) }
    }

    /// The query's parameters, percent-decoded.
    static func parameters(_ query: String) -> [String: String] {
        var out: [String: String] = [:]
        for part in query.split(separator: "&") {
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(kv[0]).removingPercentEncoding ?? String(kv[0])
            out[key] = kv.count > 1 ? (String(kv[1]).removingPercentEncoding ?? String(kv[1])) : ""
        }
        return out
    }
}
