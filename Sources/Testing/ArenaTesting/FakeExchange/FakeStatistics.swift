import ArenaCore
import MarketData
import Synchronization

/// The fake exchange's USDⓈ-M positioning statistics (`/futures/data/…`):
/// points a test gives, served in Binance's JSON shapes, and failures a
/// test injects (test support only).
///
/// Shapes (as the venue answers; its documented examples write `timestamp`
/// as a string, the live endpoints as a number, which is what is served):
///
/// ```
/// GET /futures/data/openInterestHist?symbol=BTCUSDT&period=5m&limit=1
/// [{"symbol":"BTCUSDT","sumOpenInterest":"20403.637","sumOpenInterestValue":"150570784.07809979","timestamp":1583127900000}]
/// GET /futures/data/globalLongShortAccountRatio?symbol=BTCUSDT&period=5m&limit=1   (and topLongShortAccountRatio)
/// [{"symbol":"BTCUSDT","longShortRatio":"1.9559","longAccount":"0.6617","shortAccount":"0.3383","timestamp":1583139900000}]
/// ```
///
/// A symbol without points answers `[]`; `limit` (default 30, at most 500)
/// takes the latest points, `startTime`/`endTime` (ms, inclusive) bound them.
public final class FakeStatistics: Sendable {
    /// The three endpoints, by their path's last component.
    public enum Endpoint: String, Sendable, CaseIterable {
        case openInterestHist, globalLongShortAccountRatio, topLongShortAccountRatio
    }

    /// An injected answer: `status` with `body`, for the next `count` calls.
    private struct Failure {
        var status: Int
        var body: String
        var count: Int
    }

    private struct State {
        /// Rendered rows by endpoint and symbol, with their times.
        var rows: [Endpoint: [String: [(time: Int64, json: String)]]] = [:]
        var failures: [Endpoint: Failure] = [:]
        var calls: [Endpoint: Int] = [:]
    }

    private let state = Mutex(State())

    init() {}

    /// Serves `point` from `openInterestHist`.
    public func add(openInterest point: BinanceOpenInterestPoint) {
        add(.openInterestHist, point.symbol, point.time, [
            ("sumOpenInterest", point.openInterest), ("sumOpenInterestValue", point.openInterestValue),
        ])
    }

    /// Serves `point` from the global (`top: false`) or the top traders' account-ratio endpoint.
    public func add(accountRatio point: BinanceAccountRatioPoint, top: Bool) {
        add(top ? .topLongShortAccountRatio : .globalLongShortAccountRatio, point.symbol, point.time, [
            ("longShortRatio", point.longShortRatio), ("longAccount", point.longAccount), ("shortAccount", point.shortAccount),
        ])
    }

    /// Answers the next `count` calls to `endpoint` with `status` and `body` as they are.
    public func fail(_ endpoint: Endpoint, status: Int = 200, body: String, count: Int = 1) {
        state.withLock { $0.failures[endpoint] = Failure(status: status, body: body, count: count) }
    }

    /// Calls answered so far by `endpoint` (429s included).
    public func calls(_ endpoint: Endpoint) -> Int { state.withLock { $0.calls[endpoint] ?? 0 } }

    /// Counts a call (the exchange's 429 injection comes after).
    func count(_ endpoint: Endpoint) {
        state.withLock { $0.calls[endpoint, default: 0] += 1 }
    }

    /// The answer to `endpoint` for a query: an injected one, else the page.
    func answer(_ endpoint: Endpoint, symbol: String, limit: Int, startMs: Int64?, endMs: Int64?) -> (status: Int, body: String) {
        state.withLock { s in
            if var failure = s.failures[endpoint], failure.count > 0 {
                failure.count -= 1
                s.failures[endpoint] = failure
                return (failure.status, failure.body)
            }
            let rows = (s.rows[endpoint]?[symbol] ?? []).filter { $0.time >= (startMs ?? .min) && $0.time <= (endMs ?? .max) }
            return (200, "[" + rows.suffix(limit).map(\.json).joined(separator: ",") + "]")
        }
    }

    private func add(_ endpoint: Endpoint, _ symbol: Symbol, _ time: Timestamp, _ fields: [(String, FixedDecimal)]) {
        let values = fields.map { #""\#($0.0)":"\#($0.1)""# }.joined(separator: ",")
        let json = #"{"symbol":"\#(symbol)",\#(values),"timestamp":\#(time.milliseconds)}"#
        state.withLock { s in
            var rows = s.rows[endpoint]?[symbol.value] ?? []
            rows.removeAll { $0.time == time.milliseconds }
            rows.append((time.milliseconds, json))
            rows.sort { $0.time < $1.time }
            s.rows[endpoint, default: [:]][symbol.value] = rows
        }
    }
}
