import Agents
import ArenaCore
import Foundation
import Learning
import MarketData
import Models

/// Learned policies (issue #17): one `decide` of the shipped MLP on a real
/// snapshot (features from 49 bars, normalisation, the network, the position
/// rule) against one `decide` of `ema_trend` on the same snapshot, the
/// network's forward pass alone, and the training of the shipped model (the
/// `make model` configuration) against building its feature rows alone.
enum LearnedBench {
    /// The shipped model the default roster runs.
    static let shippedModel = "config/models/mlp-5m.json"

    static func run(quick: Bool) async throws -> [BenchResult] {
        let iterations = quick ? 2_000 : 20_000
        let snapshot = try ScorerBench.realSnapshots(count: 1)[0]
        let catalog = ArenaCatalog.checking
        let mlpSpec = try ScorerBench.spec("mlp", [ModelParameter(key: "file", value: shippedModel)])
        let mlp = try catalog.model(mlpSpec)
        let ruleSpec = try ScorerBench.spec("ema_trend")
        let rule = try catalog.model(ruleSpec)
        let mlpInput = ModelInput(try ScorerBench.job(mlpSpec, snapshot)), ruleInput = ModelInput(try ScorerBench.job(ruleSpec, snapshot))
        let mlpMicros = try await perDecision(iterations) { try await mlp.decide(mlpInput) }
        let ruleMicros = try await perDecision(iterations) { try await rule.decide(ruleInput) }
        guard let policy = mlp as? MLPPolicy else { throw BenchError.failed("the mlp kind built \(type(of: mlp))") }
        let features = policy.inference.featureValues(BarWindow(snapshot.symbols[0].bars.suffix(policy.inference.lookback)))
        let forward = BenchHarness.bestRate(iterations: iterations * 5) { ScorerBench.keep(policy.inference.predict(features)[0]) }
        let shape = ([policy.inference.file.network.inputs] + policy.inference.file.network.layers.map(\.outputs)).map(String.init).joined(separator: "-")
        return try training(quick: quick) + [
            BenchResult(
                name: "decide mlp (\(shippedModel), \(shape)): bars → features → network → position", value: mlpMicros, unit: "µs",
                baseline: "decide ema_trend on the same snapshot", baselineValue: ruleMicros, ratio: mlpMicros / ruleMicros
            ),
            BenchResult(
                name: "mlp forward pass alone (normalise, \(shape), de-normalise)", value: 1e6 / forward, unit: "µs",
                baseline: "decide ema_trend on the same snapshot", baselineValue: ruleMicros, ratio: (1e6 / forward) / ruleMicros
            ),
        ]
    }

    /// Seconds to train the shipped model as `make model` does (a `--quick` run trains one small
    /// candidate for a few epochs); the file must come out byte for byte as shipped.
    static func training(quick: Bool) throws -> [BenchResult] {
        let until = Timestamp(milliseconds: 1_680_307_200_000)  // 2023-04-01T00:00:00Z, as in `make model`
        let venue = VenueID(unchecked: "binance")
        let series = try [("BTC_USDT-5m.json", "BTCUSDT"), ("ETH_USDT-5m.json", "ETHUSDT")].map { file, name in
            let symbol = try Symbol(name)
            return BarSeries(try KlineFile.bars(atPath: "data/samples/\(file)", venue: venue, symbol: symbol, timeframe: .m5), symbol: symbol, timeframe: .m5, until: until)
        }
        var options = MLPTrainingOptions()
        options.sources = ["BTC_USDT-5m.json", "ETH_USDT-5m.json"]
        if quick {
            options.candidates = [[8]]
            options.trainer.maxEpochs = 2
        }
        let rowsStart = MonotonicClock.nanoseconds()
        let rows = FeatureDataset(features: options.features, horizon: options.horizon).rows(series)
        let rowsSeconds = Double(MonotonicClock.nanoseconds() - rowsStart) / 1e9
        let start = MonotonicClock.nanoseconds()
        let result = try MLPTraining.run(series, options: options)
        let seconds = Double(MonotonicClock.nanoseconds() - start) / 1e9
        if !quick {
            let shipped = try ModelFileReader.hash(shippedModel)
            guard ModelFileReader.sha256(result.model.encoded()) == shipped else {
                throw BenchError.failed("training the shipped configuration did not reproduce \(shippedModel) (sha256 \(shipped.prefix(12)))")
            }
        }
        return [BenchResult(
            name: "train the shipped mlp (\(rows.count) rows, candidates \(options.candidates.map { $0.map(String.init).joined(separator: ",") }.joined(separator: "; "))\(quick ? ", quick" : ", the same bytes as shipped"))",
            value: seconds, unit: "s", baseline: "building its feature rows alone", baselineValue: rowsSeconds, ratio: seconds / rowsSeconds
        )]
    }

    /// The best of five rounds' mean time of `decide`, in µs.
    static func perDecision(_ iterations: Int, _ decide: () async throws -> ModelProposal) async throws -> Double {
        var best = Double.infinity
        for _ in 0..<5 {
            let start = MonotonicClock.nanoseconds()
            for _ in 0..<iterations { ScorerBench.keep(try await decide().confidence) }
            best = min(best, Double(MonotonicClock.nanoseconds() - start) / Double(iterations) / 1000)
        }
        return best
    }
}
