import ArenaCore
import ArenaTesting
import Testing
@testable import Models

/// The regime allocator scores each strategy by regime fit and recent
/// performance, weighs them by score (weights sum to 1) and blends their
/// signals; the weights are in the decision.
@Suite(.cpuBound) struct RegimeAllocatorTests {
    static let snapshots: [MarketSnapshot] = try! SampleSnapshots.snapshots(limit: 400)

    @Test func theFitTableRanksTrendStrategiesInTrendsAndRangeStrategiesInRanges() {
        #expect(RegimeFit.fit("ema_trend", .strongTrend) == 1 && RegimeFit.fit("ema_trend", .range) == 0.1)
        #expect(RegimeFit.fit("mean_reversion", .range) == 1 && RegimeFit.fit("mean_reversion", .strongTrend) == 0.1)
        #expect(RegimeFit.fit("breakout", .breakout) == 1)
        #expect(RegimeFit.fit("funding_rate_arbitrage", .highVolatility) == 0.5)
    }

    @Test func performanceIsTheSignalsEdgeOverTheNextTicksReturns() throws {
        let btc = SampleSnapshots.btc
        func summary(_ minute: Int64, price: String, signal: Double) throws -> DecisionSummary {
            DecisionSummary(
                tick: Timestamp(nanoseconds: minute * 60_000_000_000), outcome: .decided, action: .hold, intent: .none, symbol: btc,
                positionSizePct: .zero, confidence: 0, score: nil, direction: nil,
                prices: [SymbolPrice(symbol: btc, price: try FixedDecimal(parsing: price))], signals: [NamedValue("ema_trend", signal)]
            )
        }
        // Long before +1 %, flat before −2 %, long before +1 %: edge 0.02 over |r| 0.04 → 0.5 + 0.25.
        let history = [try summary(0, price: "100", signal: 1), try summary(5, price: "101", signal: 0),
                       try summary(10, price: "98.98", signal: 1), try summary(15, price: "99.9698", signal: 1)]
        let p = RegimeAllocator.performance("ema_trend", symbol: btc, history: history)
        #expect(p.samples == 3)
        #expect(abs(p.score - 0.75) < 1e-9)
        #expect(RegimeAllocator.performance("momentum", symbol: btc, history: history) == (0.5, 0))
    }

    @Test func weightsSumToOneAndTheBlendIsTheirWeightedSignals() async throws {
        let spec = try SampleSnapshots.spec("alloc", kind: "regime_allocator", ["symbol": "BTCUSDT"])
        let model = try ArenaModels.catalog.model(spec)
        var sawEntry = false
        for snapshot in Self.snapshots {
            let job = try SampleSnapshots.job(spec, snapshot)
            let d = try await model.decide(ModelInput(job)).decision(for: job)
            let allocations = try #require(d.details?.allocations)
            #expect(allocations.map(\.strategy) == RegimeAllocator.defaultStrategies)
            #expect(abs(allocations.map(\.weight).reduce(0, +) - 1) < 1e-12)
            let blend = allocations.reduce(0) { $0 + $1.weight * $1.signal }
            #expect(abs((d.details?.score ?? .nan) - blend) < 1e-12)
            let regime = try #require(snapshot.entry(for: SampleSnapshots.btc)?.regime.regime)
            for a in allocations {
                // Without history, performance is neutral (0.5): the score is 0.6 × fit + 0.4 × 0.5.
                #expect(abs(a.score - (0.6 * RegimeFit.fit(a.strategy, regime) + 0.2)) < 1e-12)
            }
            if abs(blend) >= 0.2 {
                sawEntry = true
                #expect(d.action == (blend > 0 ? .buy : .hold), "spot: a negative blend cannot short")
                if blend > 0 {
                    #expect(d.intent == .open && d.symbol == SampleSnapshots.btc)
                    #expect(d.positionSizePct == (try FixedDecimal(parsing: "0.25") * FixedDecimal(approximating: min(1, blend), places: 6)!).rounded(toPlaces: 6, .down))
                }
            } else {
                #expect(d.action == .hold)
            }
        }
        #expect(sawEntry, "no tick of the sample moved the blend past the entry threshold")
    }

    @Test func unknownStrategiesAreRefusedNamingTheKey() {
        #expect(throws: ModelConfigError.self) {
            try ArenaModels.catalog.model(try SampleSnapshots.spec("alloc", kind: "regime_allocator", ["strategies": "ema_trend,astrology"]))
        }
        do {
            _ = try ArenaModels.catalog.model(try SampleSnapshots.spec("alloc", kind: "regime_allocator", ["strategies": "ema_trend,astrology"]))
        } catch let error as ModelConfigError {
            #expect(error.key == "params.strategies" && error.description.contains("astrology is not a rule strategy"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
