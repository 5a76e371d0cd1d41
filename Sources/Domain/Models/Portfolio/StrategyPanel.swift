import ArenaCore

/// A set of rule strategies, each built with its SPEC defaults, read side by
/// side on one symbol: what the regime allocator and the LLM strategy
/// allocator blend.
public struct StrategyPanel: Sendable {
    /// One strategy's reading of a symbol as if flat.
    public struct Reading: Sendable {
        /// The strategy's kind (`ema_trend`).
        public var kind: String
        /// +confidence for a long entry, −confidence for a short one, 0 without an entry signal.
        public var signal: Double
        /// The entry it would make, with its stop and target.
        public var entry: ModelProposal?

        public init(kind: String, signal: Double, entry: ModelProposal?) {
            self.kind = kind
            self.signal = signal
            self.entry = entry
        }
    }

    /// The strategies, in the order given.
    public let strategies: [(kind: String, model: any RuleStrategy)]

    /// The panel of `kinds`; a kind that is not a rule strategy is an error on `key`.
    public init(_ kinds: [ModelID], key: String) throws(ModelConfigError) {
        let catalog = ModelCatalog(RuleStrategies.all)
        var built: [(String, any RuleStrategy)] = []
        for id in kinds {
            guard let model = try? catalog.model(ModelSpec(id: id, kind: id.value, version: "1", parameters: [], configHash: "")),
                  let rule = model as? any RuleStrategy else {
                throw .inconsistent(key: key, reason: "\(id) is not a rule strategy (known: \(catalog.names.joined(separator: ", ")))")
            }
            built.append((id.value, rule))
        }
        strategies = built
    }

    /// The kinds, in order.
    public var kinds: [String] { strategies.map(\.kind) }

    /// What the strategies read together.
    public var needs: MarketNeeds { strategies.reduce(MarketNeeds()) { $0.union($1.model.needs) } }

    /// Every strategy's reading of `symbol`.
    public func readings(_ symbol: Symbol, _ input: ModelInput) throws -> [Reading] {
        let entry = try input.entry(symbol)
        return try strategies.map { kind, strategy in
            switch try strategy.evaluate(entry, position: nil, input: input) {
            case .enter(let p, _): Reading(kind: kind, signal: (p.action == .buy ? 1 : -1) * p.confidence, entry: p)
            case .exit, .none: Reading(kind: kind, signal: 0, entry: nil)
            }
        }
    }
}

/// Signals blended by weights into one position on one symbol.
public struct WeightedBlend: Sendable {
    public var symbol: Symbol
    /// Σ weight × signal.
    public var value: Double
    /// Each contributing entry with its weight × confidence.
    public var entries: [(weight: Double, proposal: ModelProposal)]

    /// The blend of `readings` by `weights` (same order).
    public init(symbol: Symbol, readings: [StrategyPanel.Reading], weights: [Double]) {
        self.symbol = symbol
        var value = 0.0
        var entries: [(Double, ModelProposal)] = []
        for (reading, weight) in zip(readings, weights) {
            value += weight * reading.signal
            if let p = reading.entry { entries.append((weight * p.confidence, p)) }
        }
        self.value = value
        self.entries = entries
    }

    /// The position the blend asks for: `value` ≥ `entry` → long, ≤ −`entry` → short, a held
    /// position closed when the blend opposes it by `exit` or more, held otherwise; sized
    /// `maxPosition` × |value| (at most 1); stop and target of the heaviest entry on that side.
    public func target(held: PositionState?, entry: Double, exit: Double, maxPosition: FixedDecimal) -> DirectionalTarget {
        let side: DirectionalTarget.Side
        if value >= entry { side = .long }
        else if value <= -entry { side = .short }
        else if let held, (held.quantity.isNegative ? value : -value) >= exit { side = .flat }
        else if let held { side = held.quantity.isNegative ? .short : .long }
        else { side = .flat }
        let wantsLong = side == .long
        let lead = entries.filter { ($0.proposal.action == .buy) == wantsLong }.max { $0.weight < $1.weight }?.proposal
        let size = (maxPosition * (FixedDecimal(approximating: min(1, abs(value)), places: 6) ?? .zero)).rounded(toPlaces: 6, .down)
        return DirectionalTarget(
            side: side, symbol: symbol, size: size, confidence: min(1, abs(value)), takeProfit: lead?.takeProfit,
            stopLoss: lead?.stopLoss, leverage: lead?.leverage
        )
    }
}
