import ArenaBus
import ArenaCore
import MarketData

/// The gateway's history requests on its REP endpoint (proto/PROTOCOL.md):
/// bars and trades from the store; latest prices and funding from the live
/// kernel, falling back to the store for symbols it has not seen since start;
/// coverage from the stored bars.
public enum HistoryRoutes {
    /// Adds the history routes to `router`. `store` is awaited per request, so
    /// requests before the store is ready wait rather than fail.
    public static func add(
        to router: inout RequestRouter, store: @escaping @Sendable () async throws -> HistoryStore,
        pipeline: @escaping @Sendable () async throws -> GatewayPipeline,
        universe: [Symbol], timeframes: [Timeframe]
    ) {
        router.on(BarsQuery.self) { q, _ in try await answer { try await store().bars(q) } }
        router.on(TradesQuery.self) { q, _ in try await answer { try await store().trades(q) } }
        router.on(LatestPricesQuery.self) { q, _ in
            LatestPricesReply(prices: try await latest(
                q.symbols.isEmpty ? universe : q.symbols, live: { try await pipeline().latestPrices }, symbol: \.symbol,
                stored: { try await store().latestPrices($0) }
            ))
        }
        router.on(LatestFundingQuery.self) { q, _ in
            LatestFundingReply(rates: try await latest(
                q.symbols.isEmpty ? universe : q.symbols, live: { try await pipeline().latestFunding }, symbol: \.symbol,
                stored: { try await store().latestFunding($0) }
            ))
        }
        router.on(CoverageQuery.self) { q, _ in
            let symbols = q.symbols.isEmpty ? universe : q.symbols
            let tfs = q.timeframes.isEmpty ? timeframes : q.timeframes
            var entries: [CoverageEntry] = []
            for s in symbols {
                for tf in tfs { entries.append(try await answer { try await store().coverage(s, tf) }) }
            }
            return CoverageReply(entries: entries)
        }
    }

    /// The latest value of each wanted symbol: the live kernel's, else the store's
    /// (a symbol the gateway has not seen since it started), in the order asked.
    private static func latest<Value>(
        _ wanted: [Symbol], live: () async throws -> [Value], symbol: (Value) -> Symbol,
        stored: ([Symbol]) async throws -> [Value]
    ) async throws -> [Value] {
        let known = Dictionary(try await live().map { (symbol($0), $0) }, uniquingKeysWith: { a, _ in a })
        let missing = wanted.filter { known[$0] == nil }
        let fromStore = missing.isEmpty ? [] : try await answer { try await stored(missing) }
        let byStore = Dictionary(fromStore.map { (symbol($0), $0) }, uniquingKeysWith: { a, _ in a })
        return wanted.compactMap { known[$0] ?? byStore[$0] }
    }

    /// Runs a query; a bad request and a store failure become typed error replies.
    private static func answer<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as HistoryError {
            throw ErrorReply(code: ErrorReply.Code.badRequest, message: error.description)
        } catch let error as ErrorReply {
            throw error
        } catch {
            throw ErrorReply(code: ErrorReply.Code.unavailable, message: "store: \(error)", retryable: true)
        }
    }
}
