import ArenaCore
import Models

/// One symbol's closed bars with the action a demonstrator held after each.
public struct DemonstrationSeries: Sendable {
    public var symbol: String
    public var bars: [SnapshotBar]
    /// When each bar is final (its open time plus the timeframe).
    public var closeTimes: [Timestamp]
    public var actions: [DemonstratedAction]

    /// `bars` of `timeframe` with the actions `trades` (of this symbol) leave after each.
    public init(symbol: String, bars: [SnapshotBar], timeframe: Timeframe, trades: [DemonstrationTrade], unitNotional: Double) {
        self.symbol = symbol
        self.bars = bars
        closeTimes = bars.map { $0.openTime.advanced(by: .seconds(timeframe.seconds)) }
        actions = DemonstratedAction.perBar(trades.filter { $0.symbol == symbol }, closeTimes: closeTimes, unitNotional: unitNotional)
    }

    public var closes: [Double] { bars.map(\.close.doubleValue) }
}

/// The settings of `arena train diffusion` (docs/diffusion-policy.md).
public struct DiffusionTrainingOptions: Sendable {
    public var steps = 10
    public var schedule = DiffusionBlock.BetaSchedule.cosine()
    public var timeEmbedding = 8
    public var hidden = [32, 32]
    /// Noise draws (t, ε) per training row and epoch.
    public var draws = 2
    /// Shares of the time span: the last `heldOut` is evaluation only, the `validation` before it stops training early.
    public var heldOut = 0.2, validation = 0.15
    /// Bars dropped before the validation and held-out spans (the demonstrator's look-ahead).
    public var purgeBars = 48
    public var trainer = TrainerSettings(learningRate: 1e-3, l2: 1e-5, batchSize: 64, maxEpochs: 60, patience: 5, seed: 1)
    /// How the held-out span is decided: the policy's threshold and samples, and the fee per side.
    public var threshold = 0.5, samples = 4, fee = 0.001
    public var features = PolicyFeature.barsV1

    public init() {}
}

/// What training made: the model file, and the held-out figures against the demonstrator.
public struct DiffusionTrainingResult: Sendable {
    public var file: ModelFile
    public var trained: TrainedNetwork
    /// The held-out figures of each symbol, and of all of them.
    public var evaluations: [(symbol: String, figures: ActionEvaluation)]
    public var total: ActionEvaluation
    public var rows: (fit: Int, validation: Int, heldOut: Int)
    /// The held-out span (first and last close), ISO-8601 UTC.
    public var heldOutSpan: (from: String, until: String)
}

/// `arena train diffusion`: a conditional DDPM over the demonstrated action
/// (`target_position` in [−1, 1], `size` in [0, 1]) given the bars-v1 features.
///
/// The rows are the closed bars up to `until` with their features and the action held after them. They
/// are split in time: fit, a purge, validation (early stopping), a purge, held out (evaluation only).
/// Each epoch draws fresh (t, ε) for every fit row from the trainer's seeded generator; the network
/// learns ε from (features, x_t, embedding of t). Deterministic for a fixed seed: the same bytes.
public enum DiffusionTraining {
    /// The seed names of the held-out evaluation's reverse process (``SeededRandom/decisionSeed(model:symbol:tick:fileSHA256:)``).
    public static let evaluationModel = "arena-train-diffusion"

    struct Row {
        var series: Int, index: Int
        var time: Timestamp
        var features: [Double]
        var action: DemonstratedAction
    }

    public static func train(
        _ series: [DemonstrationSeries], timeframe: Timeframe, until: Timestamp, options: DiffusionTrainingOptions,
        data: [String], notes: [String]
    ) throws(TrainingError) -> DiffusionTrainingResult {
        let lookback = options.features.map(\.lookback).max() ?? 1
        var rows: [Row] = []
        for (s, one) in series.enumerated() where one.bars.count >= lookback {
            for i in (lookback - 1)..<one.bars.count where one.closeTimes[i] <= until {
                let window = BarWindow(one.bars[(i - lookback + 1)...i])
                rows.append(Row(series: s, index: i, time: one.closeTimes[i], features: options.features.map { $0.compute(window) }, action: one.actions[i]))
            }
        }
        guard let first = rows.map(\.time).min(), let last = rows.map(\.time).max(), first < last else {
            throw .noExamples("no bars with features before \(DemonstrationLog.isoTime(until))")
        }
        let span = Double(last.nanoseconds - first.nanoseconds), purge = Int64(options.purgeBars) * timeframe.seconds * 1_000_000_000
        // Cut on the bar grid, so a span starts at a close.
        let bar = timeframe.seconds * 1_000_000_000
        func cut(_ share: Double) -> Int64 { (first.nanoseconds + Int64(span * share)) / bar * bar }
        let validationStart = cut(1 - options.heldOut - options.validation), heldOutStart = cut(1 - options.heldOut)
        let fit = rows.filter { $0.time.nanoseconds < validationStart - purge }
        let checking = rows.filter { $0.time.nanoseconds >= validationStart && $0.time.nanoseconds < heldOutStart - purge }
        let heldOut = rows.filter { $0.time.nanoseconds >= heldOutStart }
        guard !fit.isEmpty, !checking.isEmpty, !heldOut.isEmpty else {
            throw .noExamples("the span is too short for fit, validation and held-out rows (\(fit.count), \(checking.count), \(heldOut.count))")
        }

        // The file without a network yet: its features' scales, the action and the schedule.
        let scales = options.features.indices.map { j in
            let values = fit.map { $0.features[j] }
            let mean = values.reduce(0, +) / Double(values.count)
            let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
            let std = variance.squareRoot()
            return ScaledValue(name: options.features[j].rawValue, mean: mean, std: std > 1e-12 && std.isFinite ? std : 1)
        }
        let action = [
            DiffusionBlock.ActionDimension(name: DiffusionReading.target, low: -1, high: 1),
            DiffusionBlock.ActionDimension(name: DiffusionReading.size, low: 0, high: 1),
        ]
        let block = DiffusionBlock(steps: options.steps, schedule: options.schedule, action: action, timeEmbedding: options.timeEmbedding)
        let alphaBars: [Double]
        do {
            var product = 1.0
            alphaBars = try options.schedule.betas(steps: options.steps).map { beta in
                product *= 1 - beta
                return product
            }
        } catch { throw .badSettings("\(error)") }
        let embeddings = (1...options.steps).map { DiffusionDenoiser.timeEmbedding(step: $0, size: options.timeEmbedding) }

        func normalised(_ row: Row) -> [Double] { zip(row.features, scales).map { ($0 - $1.mean) / $1.std } }
        func scaled(_ row: Row) -> [Double] { [action[0].scaled(row.action.target), action[1].scaled(row.action.size)] }
        /// `draws` noised copies of each row: inputs (features, x_t, embedding of t), targets ε.
        func noised(_ rows: [Row], draws: Int, random: inout SeededRandom) -> TrainingSet {
            var set = TrainingSet(inputs: [], targets: [])
            for row in rows {
                let features = normalised(row), x0 = scaled(row)
                for _ in 0..<draws {
                    let t = random.index(below: options.steps) + 1
                    let eps = x0.map { _ in random.normal() }
                    let a = alphaBars[t - 1].squareRoot(), b = (1 - alphaBars[t - 1]).squareRoot()
                    set.inputs.append(features + zip(x0, eps).map { a * $0 + b * $1 } + embeddings[t - 1])
                    set.targets.append(eps)
                }
            }
            return set
        }

        let fitFeatures = fit, width = options.features.count + action.count + options.timeEmbedding
        var validationRandom = SeededRandom(seed: options.trainer.seed ^ 0x5EED_D1FF)
        let validationSet = noised(checking, draws: options.draws, random: &validationRandom)
        var initRandom = SeededRandom(seed: options.trainer.seed)
        let initial = NetworkTrainer.initialNetwork(NetworkShape(inputs: width, hidden: options.hidden, outputs: action.count), random: &initRandom)
        let trained = try NetworkTrainer.train(initial, validation: validationSet, settings: options.trainer) { _, random in
            noised(fitFeatures, draws: options.draws, random: &random)
        }

        var file = ModelFile(
            kind: DiffusionBlock.kind,
            features: .init(timeframe: timeframe, inputs: scales),
            network: trained.network,
            outputs: .init(values: action.map { ScaledValue(name: DiffusionBlock.noiseOutput($0.name), mean: 0, std: 1) }, horizonBars: 1),
            training: .init(
                tool: "arena train diffusion", data: data, symbols: series.map(\.symbol),
                from: DemonstrationLog.isoTime(fit[0].time), until: DemonstrationLog.isoTime(until), seed: options.trainer.seed,
                split: "time-ordered over the closes \(iso(first))…\(iso(last)): fit before \(iso(validationStart - purge)) (\(fit.count) rows), "
                    + "purge \(options.purgeBars) bars, validation for early stopping \(iso(validationStart))…\(iso(heldOutStart - purge)) "
                    + "(\(checking.count) rows), purge \(options.purgeBars) bars, held out from \(iso(heldOutStart)) (\(heldOut.count) rows, evaluation only); "
                    + "\(options.draws) noise draws per fit row and epoch",
                metrics: [:], notes: notes
            ),
            diffusion: block
        )

        // The held-out span, decided as the policy decides, bar by bar.
        let denoiser: DiffusionDenoiser
        do { denoiser = try DiffusionDenoiser(file) } catch { throw .badSettings("the trained file is not runnable: \(error)") }
        var evaluations: [(symbol: String, figures: ActionEvaluation)] = []
        for (s, one) in series.enumerated() {
            let mine = heldOut.filter { $0.series == s }
            guard !mine.isEmpty else { continue }
            let policy = mine.map { row in
                let seed = SeededRandom.decisionSeed(model: evaluationModel, symbol: one.symbol, tick: row.time, fileSHA256: "seed-\(options.trainer.seed)")
                let reading = denoiser.reading(features: row.features, seed: seed, samples: options.samples, threshold: options.threshold)
                return switch reading.side(market: .perpetual) {
                case .long: DemonstratedAction(target: 1, size: reading.entryFraction)
                case .short: DemonstratedAction(target: -1, size: reading.entryFraction)
                case .flat: DemonstratedAction.flat
                }
            }
            let closes = mine.map { one.bars[$0.index].close.doubleValue }
            evaluations.append((one.symbol, ActionEvaluation.evaluate(closes: closes, demonstrated: mine.map(\.action), policy: policy, fee: options.fee)))
        }
        let total = evaluations.map(\.figures).reduce(ActionEvaluation.empty, +)
        file.training.metrics = [
            "validation_loss": trained.validationLoss, "training_loss": trained.trainingLoss, "best_epoch": Double(trained.bestEpoch),
            "epochs": Double(trained.epochs),
            "agreement_out_of_sample": total.agreement, "majority_agreement_out_of_sample": total.majorityAgreement,
            "pnl_policy_out_of_sample": total.policyPnL, "pnl_rule_out_of_sample": total.rulePnL,
            "trades_policy_out_of_sample": Double(total.policyTrades), "trades_rule_out_of_sample": Double(total.ruleTrades),
        ]
        return DiffusionTrainingResult(
            file: file, trained: trained, evaluations: evaluations, total: total, rows: (fit.count, checking.count, heldOut.count),
            heldOutSpan: (iso(heldOutStart), DemonstrationLog.isoTime(heldOut.map(\.time).max()!))
        )
    }

    static func iso(_ nanoseconds: Int64) -> String { DemonstrationLog.isoTime(Timestamp(nanoseconds: nanoseconds)) }
    static func iso(_ time: Timestamp) -> String { DemonstrationLog.isoTime(time) }
}
