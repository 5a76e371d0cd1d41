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
            let wanted = q.symbols.isEmpty ? universe : q.symbols
            let live = Dictionary(try await pipeline().latestPrices.map { ($0.symbol, $0) }, uniquingKeysWith: { a, _ in a })
            let missing = wanted.filter { live[$0] == nil }
            let stored = missing.isEmpty ? [] : try await answer { try await store().latestPrices(missing) }
            let byStore = Dictionary(stored.map { ($0.symbol, $0) }, uniquingKeysWith: { a, _ in a })
            return LatestPricesReply(prices: wanted.compactMap { live[$0] ?? byStore[$0] })
        }
        router.on(LatestFundingQuery.self) { q, _ in
            let wanted = q.symbols.isEmpty ? universe : q.symbols
            let live = Dictionary(try await pipeline().latestFunding.map { ($0.symbol, $0) }, uniquingKeysWith: { a, _ in a })
            let missing = wanted.filter { live[$0] == nil }
            let stored = missing.isEmpty ? [] : try await answer { try await store().latestFunding(missing) }
            let byStore = Dictionary(stored.map { ($0.symbol, $0) }, uniquingKeysWith: { a, _ in a })
            return LatestFundingReply(rates: wanted.compactMap { live[$0] ?? byStore[$0] })
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
