import ArenaCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import MarketData

extension FakeExchange {
    private func data(_ request: Request) throws -> FakeMarketData {
        let path = request.uri.path
        guard let m = (path.hasPrefix("/api/v3/") ? spotData : path.hasPrefix("/fapi/v1/") ? usdmData : nil) else {
            throw HTTPError(.notFound)
        }
        let symbol = request.uri.queryParameters.get("symbol") ?? ""
        guard symbol == m.symbol.value else {
            throw BinanceRejection(code: -1121, msg: "Invalid symbol.")
        }
        return m
    }

    private func limit(_ request: Request, default value: Int, max: Int) -> Int {
        Swift.min(max, Swift.max(1, request.uri.queryParameters.get("limit", as: Int.self) ?? value))
    }

    func restAggTrades(_ request: Request) throws -> Response {
        let m = try data(request)
        let limit = limit(request, default: 500, max: 1_000)
        let from = request.uri.queryParameters.get("fromId", as: Int64.self)
        return rest(BinanceRequestWeight.aggTrades(m.market)) { (.ok, FakeRESTPages.aggTrades(m, fromID: from, limit: limit)) }
    }

    func restKlines(_ request: Request) throws -> Response {
        let m = try data(request)
        guard request.uri.queryParameters.get("interval") == "1m" else {
            throw BinanceRejection(code: -1120, msg: "Invalid interval.")
        }
        let limit = limit(request, default: 500, max: 1_000)
        let start = request.uri.queryParameters.get("startTime", as: Int64.self)
        let end = request.uri.queryParameters.get("endTime", as: Int64.self)
        return rest(BinanceRequestWeight.klines(m.market, limit: limit)) { (.ok, FakeRESTPages.klines(m, startMs: start, endMs: end, limit: limit)) }
    }

    func restDepth(_ request: Request) throws -> Response {
        let m = try data(request)
        let played = (request.uri.path.hasPrefix("/api/v3/") ? spotPlayed : usdmPlayed) ?? 0
        guard let snapshot = m.snapshot(afterFrames: played) else { throw HTTPError(.notFound) }
        let limit = limit(request, default: 100, max: 5_000)
        return rest(BinanceRequestWeight.depth(m.market, limit: limit)) { (.ok, FakeRESTPages.depth(snapshot, limit: limit)) }
    }

    /// `GET /futures/data/<endpoint>`: a positioning statistic (``FakeStatistics``), weight 0.
    func restStatistic(_ endpoint: FakeStatistics.Endpoint, _ request: Request) throws -> Response {
        let query = request.uri.queryParameters
        guard let symbol = query.get("symbol"), !symbol.isEmpty else {
            throw BinanceRejection(code: -1102, msg: "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.")
        }
        guard let period = query.get("period"), ["5m", "15m", "30m", "1h", "2h", "4h", "6h", "12h", "1d"].contains(period) else {
            throw BinanceRejection(code: -1130, msg: "Invalid data sent for a parameter.")
        }
        let limit = limit(request, default: 30, max: 500)
        let start = query.get("startTime", as: Int64.self), end = query.get("endTime", as: Int64.self)
        statistics.count(endpoint)
        return rest(BinanceRequestWeight.statistics) {
            let answer = statistics.answer(endpoint, symbol: symbol, limit: limit, startMs: start, endMs: end)
            return (HTTPResponse.Status(code: answer.status), answer.body)
        }
    }

    /// `POST /control/<action>`: returns a one-line summary of what it did.
    func control(_ action: String, _ query: Hummingbird.Parameters) throws -> String {
        let broadcasts = [spotBroadcast, usdmBroadcast].compactMap { $0 }
        switch action {
        case "position":
            let ids = broadcasts.map { $0.lastTradeID.map(String.init) ?? "none" }
            return "last trade \(ids.joined(separator: " "))\n"
        case "drop":
            return "dropped \(broadcasts.reduce(0) { $0 + $1.dropAll() }) connections\n"
        case "skip":
            guard let from = query.get("from", as: Int64.self), let to = query.get("to", as: Int64.self), from <= to else {
                throw HTTPError(.badRequest, message: "skip needs from <= to")
            }
            for b in broadcasts { b.skip(from...to) }
            return "skipping \(from)...\(to)\n"
        case "garbage":
            let count = query.get("count", as: Int.self) ?? 1
            for b in broadcasts { b.garbage(count: count) }
            return "sent \(count) garbage frames\n"
        case "silence":
            let seconds = query.get("seconds", as: Double.self) ?? 1
            for b in broadcasts { b.silence(for: .milliseconds(Int64(seconds * 1_000))) }
            return "silent for \(seconds) s\n"
        case "ratelimit":
            let count = query.get("count", as: Int.self) ?? 1
            injectRateLimits(count)
            return "the next \(count) REST calls get 429\n"
        default:
            throw HTTPError(.notFound, message: "unknown control \(action)")
        }
    }
}

/// A 400 with Binance's `{"code","msg"}` body, as Binance answers bad parameters.
struct BinanceRejection: HTTPResponseError {
    var code: Int
    var msg: String
    var status: HTTPResponse.Status { .badRequest }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: #"{"code":\#(code),"msg":"\#(msg)"}"#))
        )
    }
}
