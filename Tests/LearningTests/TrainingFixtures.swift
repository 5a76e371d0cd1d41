import ArenaCore
import Foundation
import MarketData
@testable import Learning
import Models

/// Bars and options for the training tests: synthetic series with a planted relationship, and the bundled real data.
enum TrainingFixtures {
    static let start = Timestamp(milliseconds: 1_680_307_200_000)

    /// `count` 5m bars whose volumes are i.i.d. log-normal and whose next bar's log return is
    /// `strength · ln(volume[t]) + noise` (noise 1 ‰): only the current volume says anything about the next return.
    static func plantedSeries(count: Int, seed: UInt64, symbol: String = "SYNUSDT", strength: Double = 0.001) -> BarSeries {
        var random = SeededRandom(seed: seed)
        var bars: [SnapshotBar] = []
        var close = 100.0, logVolume = random.normal()
        for t in 0..<count {
            let open = close
            if t > 0 { close = open * Foundation.exp(strength * logVolume + 0.001 * random.normal()) }
            logVolume = random.normal()
            bars.append(SnapshotBar(
                openTime: start.advanced(by: .seconds(300 * Int64(t))), open: decimal(open), high: decimal(max(open, close) * 1.0005),
                low: decimal(min(open, close) * 0.9995), close: decimal(close), volume: decimal(Foundation.exp(logVolume))
            ))
        }
        return BarSeries(symbol: Symbol(unchecked: symbol), timeframe: .m5, bars: bars)
    }

    static func decimal(_ x: Double) -> FixedDecimal { FixedDecimal(String(format: "%.8f", x))! }

    /// Small and quick: one small candidate, few epochs (debug builds are slow).
    static func quickOptions(horizon: Int = 1, seed: UInt64 = 1) -> MLPTrainingOptions {
        var options = MLPTrainingOptions()
        options.horizon = horizon
        options.seed = seed
        options.candidates = [[4]]
        options.trainer = TrainerSettings(learningRate: 3e-3, l2: 1e-4, batchSize: 32, maxEpochs: 12, patience: 4)
        return options
    }

    /// The bundled 5m sample files (data/samples), cut at `until`.
    static func bundled(until: Timestamp) throws -> [BarSeries] {
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("data/samples")
        return try ["BTC", "ETH"].map { base in
            let symbol = Symbol(unchecked: "\(base)USDT")
            let bars = try KlineFile.bars(atPath: samples.appendingPathComponent("\(base)_USDT-5m.json").path, venue: VenueID(unchecked: "binance"), symbol: symbol, timeframe: .m5)
            return BarSeries(bars, symbol: symbol, timeframe: .m5, until: until)
        }
    }
}
