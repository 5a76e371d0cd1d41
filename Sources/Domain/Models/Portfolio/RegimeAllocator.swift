import ArenaCore

/// The regime allocator (spec §5, kind 5; seed 001's portfolio decision
/// engine, without an LLM): scores each of its rule strategies by how well
/// it fits the market's regime and by how its recent signals fared, weighs
/// them by score, and blends their signals into one position.
///
/// - Signals: each strategy (built with its SPEC defaults) reads the symbol
///   as if flat; an entry signal is +confidence (long) or −confidence
///   (short), no signal is 0.
/// - Regime fit (0…1) from ``RegimeFit`` for the symbol's current regime.
/// - Performance (0…1): over the allocator's own recent decisions (the job's
///   history records each strategy's signal and the prices at each tick), the
///   mean of signal × next-tick return, scaled by the mean absolute return:
///   0.5 + edge / 2, clamped; 0.5 without history.
/// - Score = `regime_weight` × fit + `performance_weight` × performance;
///   weights = score / Σ score (they sum to 1); blend = Σ weight × signal.
/// - Position: blend ≥ `entry_threshold` → long, ≤ −`entry_threshold` →
///   short (perpetual only), sized `max_position` × |blend|; a held position
///   is closed when the blend opposes it by at least `exit_threshold`, and
///   held otherwise. Stop and target: those of the heaviest contributing
///   entry on the chosen side. With `symbol: all`, the symbol with the
///   largest |blend| is chosen (ties: symbol order).
public struct RegimeAllocator: TradingModel {
    public static let defaultStrategies = ["ema_trend", "bollinger_range", "breakout", "momentum", "mean_reversion", "grid_trading"]

    public static let schema = ModelSchema(kind: "regime_allocator", summary: "blends rule strategies by regime fit and recent performance", parameters: [
        ParameterSpec("strategies", .models, default: defaultStrategies.joined(separator: ","), "the rule strategies blended (their kinds)"),
        .number("regime_weight", 0.6, 0...1, "the share of a strategy's score from regime fit"),
        .number("performance_weight", 0.4, 0...1, "the share from recent performance"),
        .number("entry_threshold", 0.2, 0.01...1, "|blend| that opens a position"),
        .number("exit_threshold", 0.1, 0...1, "opposing |blend| that closes one"),
        .number("max_position", 0.25, 0.01...1, "fraction of NAV at |blend| = 1"),
        ParameterSpec.symbolScope,
    ])

    let panel: StrategyPanel
    let regimeWeight, performanceWeight, entryThreshold, exitThreshold: Double
    let maxPosition: FixedDecimal
    let symbolScope: Symbol?

    public init(parameters: ModelParameters) throws(ModelConfigError) {
        panel = try StrategyPanel(parameters.models("strategies"), key: "strategies")
        regimeWeight = parameters.double("regime_weight")
        performanceWeight = parameters.double("performance_weight")
        guard regimeWeight + performanceWeight > 0 else { throw .inconsistent(key: "regime_weight", reason: "regime_weight + performance_weight must be above 0") }
        entryThreshold = parameters.double("entry_threshold")
        exitThreshold = parameters.double("exit_threshold")
        maxPosition = parameters.decimal("max_position")
        symbolScope = parameters.symbolOrAll("symbol")
    }

    public var needs: MarketNeeds { panel.needs }

    public func decide(_ input: ModelInput) async throws -> ModelProposal {
        let symbols = symbolScope.map { [$0] } ?? input.snapshot.symbols.map(\.symbol)
        var best: Blend?
        for symbol in symbols {
            let blend = try self.blend(symbol, input)
            if best.map({ abs(blend.mix.value) > abs($0.mix.value) }) ?? true { best = blend }
        }
        // A position elsewhere is what the allocator must manage first.
        if let held = input.openPosition, symbols.contains(held.symbol), held.symbol != best?.mix.symbol {
            best = try self.blend(held.symbol, input)
        }
        guard let blend = best else { return .hold("no symbol to allocate") }
        let target = blend.mix.target(held: input.position(in: blend.mix.symbol), entry: entryThreshold, exit: exitThreshold, maxPosition: maxPosition)
        return try target.proposal(input, rationale: blend.rationale, details: blend.details)
    }

    /// One symbol's blend.
    struct Blend {
        var mix: WeightedBlend
        var allocations: [Allocation]
        var regime: MarketRegime

        var details: DecisionDetails {
            DecisionDetails(score: mix.value, direction: mix.value > 0 ? .buy : mix.value < 0 ? .sell : .hold, allocations: allocations,
                            notes: ["regime \(regime.rawValue)"])
        }

        var rationale: String {
            let top = allocations.sorted { $0.weight > $1.weight }.prefix(3).map { "\($0.strategy) \(fmt($0.weight))×\(fmt($0.signal))" }
            return "\(mix.symbol) \(regime.rawValue): blend \(fmt(mix.value)) = " + top.joined(separator: " + ")
        }
    }

    func blend(_ symbol: Symbol, _ input: ModelInput) throws -> Blend {
        let regime = try input.entry(symbol).regime.regime
        let readings = try panel.readings(symbol, input)
        var allocations: [Allocation] = []
        var scores: [Double] = []
        for reading in readings {
            let fit = RegimeFit.fit(reading.kind, regime)
            let performance = Self.performance(reading.kind, symbol: symbol, history: input.history)
            scores.append(regimeWeight * fit + performanceWeight * performance.score)
            allocations.append(Allocation(strategy: reading.kind, weight: 0, signal: reading.signal, score: scores.last!,
                                          reason: "fit \(fmt(fit)) in \(regime.rawValue), performance \(fmt(performance.score)) over \(performance.samples) ticks"))
        }
        let total = scores.reduce(0, +)
        let weights = scores.map { total > 0 ? $0 / total : 1 / Double(scores.count) }
        for i in allocations.indices { allocations[i].weight = weights[i] }
        return Blend(mix: WeightedBlend(symbol: symbol, readings: readings, weights: weights), allocations: allocations, regime: regime)
    }

    /// How `kind`'s recorded signals on `symbol` fared: 0.5 + edge / 2, clamped to 0…1.
    static func performance(_ kind: String, symbol: Symbol, history: [DecisionSummary]) -> (score: Double, samples: Int) {
        var edge = 0.0, scale = 0.0, samples = 0
        for (earlier, later) in zip(history, history.dropFirst()) where earlier.symbol == symbol {
            guard let signal = earlier.signals.first(where: { $0.name == kind })?.value,
                  let p0 = earlier.price(of: symbol), let p1 = later.price(of: symbol), p0.isPositive else { continue }
            let r = p1.doubleValue / p0.doubleValue - 1
            edge += signal * r
            scale += abs(r)
            samples += 1
        }
        guard samples > 0, scale > 0 else { return (0.5, samples) }
        return (min(1, max(0, 0.5 + edge / scale / 2)), samples)
    }
}

/// How well each rule strategy fits each regime (0…1), from what the
/// strategy trades: trends (ema_trend, momentum), breaks (breakout), ranges
/// (bollinger_range, mean_reversion, grid_trading), funding (regime-neutral).
public enum RegimeFit {
    public static func fit(_ kind: String, _ regime: MarketRegime) -> Double {
        switch (family(kind), regime) {
        case (.trend, .strongTrend): 1.0
        case (.trend, .weakTrend): 0.7
        case (.trend, .breakout): 0.6
        case (.trend, .highVolatility): 0.4
        case (.trend, .lowVolatility): 0.2
        case (.trend, .range): 0.1
        case (.breakout, .breakout): 1.0
        case (.breakout, .strongTrend): 0.6
        case (.breakout, .weakTrend), (.breakout, .highVolatility): 0.5
        case (.breakout, .lowVolatility): 0.4
        case (.breakout, .range): 0.2
        case (.range, .range): 1.0
        case (.range, .lowVolatility): 0.8
        case (.range, .weakTrend): 0.4
        case (.range, .highVolatility): 0.3
        case (.range, .breakout): 0.2
        case (.range, .strongTrend): 0.1
        case (.neutral, _): 0.5
        }
    }

    enum Family { case trend, breakout, range, neutral }

    static func family(_ kind: String) -> Family {
        switch kind {
        case "ema_trend", "momentum": .trend
        case "breakout": .breakout
        case "bollinger_range", "mean_reversion", "grid_trading": .range
        default: .neutral
        }
    }
}
