import ArenaBus
import ArenaCore
import ArenaWire
import Features
import Foundation
import Logging
import MarketData
import Models
import ScorerService

/// The scorer: jobs per second through dispatcher → scorer → result over tcp
/// (against raw REQ/REP round trips of the same frame size), one `decide` of
/// each rule strategy and of `v52_8signals` in process, and the pool's
/// scaling with 1, 2 and 4 workers on jobs that wait 200 ms on I/O.
enum ScorerBench {
    static func run(quick: Bool) async throws -> [BenchResult] {
        let snapshots = try realSnapshots(count: quick ? 4 : 16)
        var results = try await throughput(snapshots, jobs: quick ? 4_000 : 40_000)
        results += try await decideLatencies(snapshots[0], iterations: quick ? 2_000 : 20_000)
        results += try await scaling(jobsPerSlot: quick ? 2 : 10)
        return results
    }

    // MARK: Inputs

    /// Snapshots of the bundled klines at consecutive 5m ticks, with 60 bars of history (what the default roster asks for).
    static func realSnapshots(count: Int) throws -> [MarketSnapshot] {
        let venue = try VenueID("binance")
        let events = BarAggregator.merge(try [("BTC_USDT-1m-20230401-20230403.json", "BTCUSDT"), ("ETH_USDT-1m-20230401-20230403.json", "ETHUSDT")].map {
            let minutes = try KlineFile.bars(atPath: "data/samples/\($0.0)", venue: venue, symbol: try Symbol($0.1), timeframe: .m1)
            return try BarAggregator.feed(minutes, timeframe: .m5)
        })
        let needs = ArenaModels.kinds.compactMap { kind in try? ArenaModels.catalog.model(spec(kind.schema.kind)).needs }
            .reduce(MarketNeeds()) { $0.union($1) }
        let indicators = (["ema:9,ema:21,ema:55,sma:20,rsi:14,atr:14,bbands:20:2,macd:12:26:9,adx:14,stoch:14:3:3,obv,vwap:20,rvol:20,atrpct:14:100"]
            + needs.indicators).joined(separator: ",")
        var engine = try FeatureEngine(configuration: FeatureEngineConfiguration(
            instruments: ["BTCUSDT", "ETHUSDT"].map { .init(symbol: Symbol(unchecked: $0), venue: venue, market: .spot) },
            indicators: uniqueItems(indicators), indicatorTimeframe: .m5, tickIntervalSeconds: 300, barHistory: max(60, needs.bars)
        ))
        var snapshots = try engine.snapshots(feeding: events, limit: count)
        // The order-flow scorer reads trades: the real BTC capture's features, on every snapshot's BTC entry.
        let flow = try captureOrderFlow()
        for i in snapshots.indices { snapshots[i].symbols[0].orderFlow = flow }
        return snapshots
    }

    /// Indicator items without repeats, in first-seen order.
    static func uniqueItems(_ list: String) -> String {
        var seen = Set<String>()
        return list.split(separator: ",").map(String.init).filter { seen.insert($0).inserted }.joined(separator: ",")
    }

    /// The order-flow features after the sample capture's real BTCUSDT trades.
    static func captureOrderFlow() throws -> OrderFlowSnapshot {
        let trades = try OrderFlowBench.realTrades(count: 12_000)
        var book = OrderFlowBook(symbol: trades[0].symbol, observingFrom: trades[0].eventTime)
        for t in trades { try book.add(t) }
        return OrderFlowSnapshot(book.features)
    }

    static func spec(_ kind: String, _ parameters: [ModelParameter] = []) throws -> ModelSpec {
        try ModelSpec(id: try ModelID(kind), kind: kind, version: "1", parameters: parameters, configHash: "").hashed()
    }

    static func job(_ spec: ModelSpec, _ snapshot: MarketSnapshot) throws -> ScoringJob {
        ScoringJob(
            decisionID: ScoringJob.decisionID(model: spec.id, tick: snapshot.tick), model: spec, sealed: try SealedSnapshot(sealing: snapshot),
            account: .opening(model: spec.id, capital: 10_000, at: snapshot.tick), deadline: snapshot.tick.advanced(by: .seconds(8))
        )
    }

    // MARK: Throughput

    /// Jobs per second with up to 512 in flight through one scorer worker over tcp.
    /// Jobs come in rounds of ``roundSize`` on one snapshot, as the arena clock
    /// sends them (one per model per tick), the rounds cycling over real snapshots.
    static func throughput(_ snapshots: [MarketSnapshot], jobs count: Int) async throws -> [BenchResult] {
        let model = try spec(RuleStrategies.all[0].schema.kind)
        let perSnapshot = try snapshots.map { try job(model, $0) }
        let jobs = (0..<(perSnapshot.count * roundSize)).map { perSnapshot[$0 / roundSize] }
        let dispatcher = try Dispatcher(service: ServiceName(unchecked: "features"), bind: ["tcp://127.0.0.1:*"])
        let worker = try scorer(connect: dispatcher.endpoints, capacity: 64, catalog: ArenaModels.catalog)
        while case .timedOut = await dispatcher.submit(jobs[0], deadline: .milliseconds(200)) {}
        var best = 0.0
        for _ in 0..<3 {
            let start = MonotonicClock.nanoseconds()
            try await submitAll(count: count, inFlight: 512, dispatcher) { jobs[$0 % jobs.count] }
            best = max(best, Double(count) / (Double(MonotonicClock.nanoseconds() - start) / 1e9))
        }
        await worker.close()
        await dispatcher.close()
        let frame = try Envelope.frame(jobs[0], metadata: WireSamples.metadata).count
        let raw = try RawZMQ.reqRepLatencies(count: count / 4, payloadSize: frame)
        let rawRate = 1e6 / (raw.reduce(0, +) / Double(raw.count))
        return [BenchResult(
            name: "scorer jobs through dispatcher → worker → result, tcp, \(model.kind), \(frame)-byte jobs, rounds of \(roundSize)",
            value: best, unit: "jobs/s",
            baseline: "raw REQ/REP round trips, same frame size", baselineValue: rawRate, ratio: best / rawRate
        )]
    }

    /// Jobs per snapshot in the throughput run: about the default roster's size.
    static let roundSize = 16

    /// Submits `count` jobs, at most `inFlight` at once; throws on the first that does not complete.
    static func submitAll(count: Int, inFlight: Int, _ dispatcher: Dispatcher, job: @escaping @Sendable (Int) -> ScoringJob) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            func add(_ i: Int) {
                group.addTask {
                    let outcome = await dispatcher.submit(job(i), deadline: .seconds(30))
                    guard case .completed = outcome else { throw BenchError.failed("scorer job \(i): \(outcome)") }
                }
            }
            for i in 0..<min(inFlight, count) { add(i) }
            var next = min(inFlight, count)
            while try await group.next() != nil {
                guard next < count else { continue }
                add(next)
                next += 1
            }
        }
    }

    /// A scorer worker: the product's model runner behind a worker socket.
    static func scorer(connect endpoints: [String], capacity: Int, catalog: ModelCatalog) throws -> Worker {
        let runner = ModelRunner(catalog: catalog, cpuConcurrency: ProcessInfo.processInfo.activeProcessorCount, status: ScorerStatus(),
                                 logger: Logger(label: "bench.scorer"))
        var options = Worker.Options()
        options.capacity = capacity
        return try Worker(service: ServiceName(unchecked: "scorer"), connect: endpoints, options: options) { message in
            try await runner.decide(try message.decode(ScoringJob.self), clock: WallClock())
        }
    }

    // MARK: Decide latency

    /// One `decide` of each rule strategy and of v52, in process, on a real snapshot.
    static func decideLatencies(_ snapshot: MarketSnapshot, iterations: Int) async throws -> [BenchResult] {
        let specs = try RuleStrategies.all.map { try spec($0.schema.kind) }
            + [try spec("orderflow", [ModelParameter(key: "profile", value: "v52_8signals"), ModelParameter(key: "symbol", value: "BTCUSDT")])]
        // Baseline: reading every indicator of the snapshot's first entry once, the least a rule must do.
        let entry = snapshot.symbols[0]
        let baseline = BenchHarness.bestRate(iterations: iterations) { Self.keep(entry.indicators.reduce(0) { $0 + ($1.value ?? 0) }) }
        var results: [BenchResult] = []
        let perpetual = try perpetualSnapshot(snapshot)
        for spec in specs {
            let model = try ArenaModels.catalog.model(spec)
            // Funding arbitrage reads funding settlements; on spot it would stop at once.
            let input = ModelInput(try job(spec, model.needs.fundingHistory > 0 ? perpetual : snapshot))
            var best = Double.infinity
            for _ in 0..<5 {
                let start = MonotonicClock.nanoseconds()
                for _ in 0..<iterations { Self.keep(try await model.decide(input).confidence) }
                best = min(best, Double(MonotonicClock.nanoseconds() - start) / Double(iterations) / 1000)
            }
            results.append(BenchResult(
                name: "decide \(spec.kind)\(spec.parameter("profile").map { " \($0)" } ?? "") (target ≤ 20 µs)", value: best, unit: "µs",
                baseline: "one pass over the entry's indicators", baselineValue: 1e6 / baseline, ratio: best / (1e6 / baseline)
            ))
        }
        return results
    }

    /// `snapshot` as a perpetual's, carrying the last settlements of the bundled BTC funding file
    /// (real rates of another period: the decision's cost, not its meaning, is measured).
    static func perpetualSnapshot(_ snapshot: MarketSnapshot) throws -> MarketSnapshot {
        let rows = try String(contentsOfFile: "data/samples/BTC_USDT_USDT-8h-funding_rate.csv", encoding: .utf8)
            .split(separator: "\n").dropFirst().suffix(12)
        let points = try rows.map { row in
            let cells = row.split(separator: ",")
            guard cells.count >= 2, let ms = Int64(cells[0]), let rate = Double(cells[1]), let exact = FixedDecimal(approximating: rate, places: 10) else {
                throw BenchError.failed("funding row '\(row)'")
            }
            return FundingPoint(time: Timestamp(nanoseconds: ms * 1_000_000), rate: exact)
        }
        var perpetual = snapshot
        for i in perpetual.symbols.indices {
            perpetual.symbols[i].market = .perpetual
            perpetual.symbols[i].fundingHistory = points
        }
        return perpetual
    }

    nonisolated(unsafe) static var sink = 0.0
    @inline(never) static func keep(_ value: Double) { sink += value }

    // MARK: Scaling

    /// Jobs per second with 1, 2 and 4 workers of 8 slots on jobs that wait 200 ms (as on an LLM provider).
    static func scaling(jobsPerSlot: Int) async throws -> [BenchResult] {
        let catalog = ModelCatalog(ArenaModels.kinds + [WaitingModel.self])
        let snapshot = try realSnapshots(count: 1)[0]
        let job = try job(try spec("waiting"), snapshot)
        var rates: [Int: Double] = [:]
        for workers in [1, 2, 4] {
            let dispatcher = try Dispatcher(service: ServiceName(unchecked: "features"), bind: ["tcp://127.0.0.1:*"])
            let pool = try (0..<workers).map { _ in try scorer(connect: dispatcher.endpoints, capacity: 8, catalog: catalog) }
            while dispatcher.statistics.liveWorkers < workers { try await Task.sleep(for: .milliseconds(10)) }
            // A first wave builds the models and warms every worker; the best of two timed runs counts.
            try await submitAll(count: workers * 8, inFlight: workers * 8, dispatcher) { _ in job }
            let count = workers * 8 * jobsPerSlot
            for _ in 0..<2 {
                let start = MonotonicClock.nanoseconds()
                try await submitAll(count: count, inFlight: count, dispatcher) { _ in job }
                rates[workers] = max(rates[workers] ?? 0, Double(count) / (Double(MonotonicClock.nanoseconds() - start) / 1e9))
            }
            for worker in pool { await worker.close() }
            await dispatcher.close()
        }
        return [2, 4].map { n in
            BenchResult(
                name: "scorer pool on 200 ms I/O-bound jobs, \(n) workers × 8 slots (target ≥ \(n == 4 ? "3.5" : "1.8")×)", value: rates[n]!,
                unit: "jobs/s", baseline: "1 worker × 8 slots", baselineValue: rates[1]!, ratio: rates[n]! / rates[1]!
            )
        }
    }
}

/// The benchmark's I/O-bound model: waits 200 ms without holding a thread, as an LLM call does, then holds.
struct WaitingModel: TradingModel {
    static let schema = ModelSchema(kind: "waiting", summary: "benchmark: waits 200 ms", parameters: [], workload: .io)
    init(parameters: ModelParameters) throws(ModelConfigError) {}
    var needs: MarketNeeds { MarketNeeds() }
    func decide(_ input: ModelInput) async throws -> ModelProposal {
        try await Task.sleep(for: .milliseconds(200), tolerance: .zero)
        return .hold("waited 200 ms")
    }
}
