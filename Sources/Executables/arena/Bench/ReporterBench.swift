import Analytics
import ArenaBus
import ArenaCore
import ArenaRuntime
import ArenaStore
import Foundation
import Logging
import ReporterService

/// The dashboard and API under `wrk` (Debian's HTTP load generator), on a reporter loaded with
/// 10 models × 30 days of 1-minute NAV (43,200 points each) and the BTC buy-and-hold curve:
/// `GET /api/leaderboard` against a static route of the same server, and the NAV chart page
/// (every curve drawn, LTTB-downsampled). Both are served from the state's render cache, which a
/// change of the book invalidates; the cold render (cache miss) is timed too.
enum ReporterBench {
    static let models = 10, points = 43_200

    static func run(quick: Bool) async throws -> [BenchResult] {
        guard let wrk = ["/usr/bin/wrk", "/usr/local/bin/wrk"].first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw BenchFailure("wrk is not installed (apt-get install wrk)")
        }
        let state = try await loadedState(points: quick ? 2_000 : points)
        let cold = try await coldRender(state)
        let store = StoreHandle()
        store.fulfil(try await Store.open(url: "sqlite::memory:"))
        let bus = InProcessBus(requestTimeout: .seconds(1), requestRetries: 0)
        let config = ReporterConfig(port: 0, requestsPerSecond: 1e9, burst: Int.max / 2)
        let server = DashboardServer(
            config: config, state: state, store: store,
            controls: try bus.requester(service: ServiceName(unchecked: "bench"), connect: "risk.rep"), logger: Logger(label: "bench.reporter")
        )
        let running = Task { try await server.run() }
        defer { running.cancel() }
        let port = try await server.bound.wait()
        let seconds = quick ? 2 : 10
        let base = "http://127.0.0.1:\(port)"
        let probe = try await WrkRun.measure(wrk, url: "\(base)/api/static-probe", seconds: seconds)
        let board = try await WrkRun.measure(wrk, url: "\(base)/api/leaderboard", seconds: seconds)
        let chart = try await WrkRun.measure(wrk, url: "\(base)/", seconds: seconds)
        return [
            BenchResult(name: "GET /api/leaderboard, 10 models × \(quick ? 2_000 : points) NAV points", value: board.requestsPerSecond, unit: "req/s",
                        baseline: "static route, same server", baselineValue: probe.requestsPerSecond, ratio: board.requestsPerSecond / probe.requestsPerSecond),
            BenchResult(name: "GET /api/leaderboard p99 (target ≤ 20 ms)", value: board.p99Milliseconds, unit: "ms",
                        baseline: "static route p99", baselineValue: probe.p99Milliseconds, ratio: board.p99Milliseconds / probe.p99Milliseconds),
            BenchResult(name: "NAV chart page p99 (target ≤ 50 ms)", value: chart.p99Milliseconds, unit: "ms",
                        baseline: "static route p99", baselineValue: probe.p99Milliseconds, ratio: chart.p99Milliseconds / probe.p99Milliseconds),
            BenchResult(name: "NAV chart page, req/s", value: chart.requestsPerSecond, unit: "req/s",
                        baseline: "static route, same server", baselineValue: probe.requestsPerSecond, ratio: chart.requestsPerSecond / probe.requestsPerSecond),
            BenchResult(name: "leaderboard + chart page rendered cold (after a change)", value: cold, unit: "ms",
                        baseline: "–", baselineValue: 0, ratio: 0),
        ]
    }

    /// A state with `points` one-minute NAV points per model (seeded random walks) and the baseline.
    static func loadedState(points: Int) async throws -> ReporterState {
        let ids = (0..<models).map { ModelID(unchecked: "model_\($0)") }
        let state = ReporterState(book: ArenaBook(models: ids, capital: 10_000))
        var random = Walk(state: 42)
        let start: Int64 = 1_680_307_200_000
        var curves: [ModelID: [EquityPoint]] = [:]
        for id in ids {
            var nav = 10_000.0
            curves[id] = (0..<points).map { minute in
                nav *= 1 + (Double(random.next() % 2_001) - 1_000) / 1_000_000
                return EquityPoint(timeMilliseconds: start + Int64(minute) * 60_000, equity: nav)
            }
        }
        await state.restore(nav: curves)
        var price = 30_000.0
        for minute in 0..<points {
            price *= 1 + (Double(random.next() % 2_001) - 1_000) / 1_000_000
            let close = FixedDecimal(raw: Int128(price * 100) * (FixedDecimal.unitRaw / 100))
            _ = try await state.apply(.bar(Bar(
                venue: VenueID(unchecked: "binance"), symbol: Symbol(unchecked: "BTCUSDT"), timeframe: .m1,
                openTime: Timestamp(nanoseconds: (start + Int64(minute) * 60_000) * 1_000_000), open: close, high: close, low: close, close: close, volume: 1
            )))
        }
        return state
    }

    /// Milliseconds to render the leaderboard JSON and the chart page from scratch.
    static func coldRender(_ state: ReporterState) async throws -> Double {
        let pages = try DashboardPages(chartPoints: ReporterConfig().chartPoints)
        let clock = ContinuousClock()
        let started = clock.now
        _ = try CanonicalJSON.encode(await state.book.leaderboard())
        _ = await pages.leaderboardPage(state)
        return (clock.now - started) / .milliseconds(1)
    }
}

/// A seeded 64-bit linear congruential walk (Knuth's MMIX constants): the same curves every run.
struct Walk {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state >> 33
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
