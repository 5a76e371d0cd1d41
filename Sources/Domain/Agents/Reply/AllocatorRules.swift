import ArenaCore
import Models

/// Seed 001's LLM strategy allocator: the reply names a regime and weights over
/// the enabled rule strategies; the blend of those strategies' signals, scaled
/// by `total_position`, becomes the decision.
///
/// Checks: every `strategy_id` enabled and given once, each weight in 0…1, the
/// weights summing to 1 ± 0.05 (then normalised to exactly 1), `total_position`
/// in −1…1 and, when both are non-zero, of the blend's sign (a negative total
/// on a positive blend would invert the strategies, which the schema does not
/// allow), the regime one of spec §4's six.
public struct AllocatorRules: Sendable, Hashable {
    public var enabled: [String]
    /// |exposure| that opens a position, and opposing |exposure| that closes one.
    public var entryThreshold: Double
    public var exitThreshold: Double
    public var weightTolerance: Double

    public init(enabled: [String], entryThreshold: Double, exitThreshold: Double, weightTolerance: Double = 0.05) {
        self.enabled = enabled
        self.entryThreshold = entryThreshold
        self.exitThreshold = exitThreshold
        self.weightTolerance = weightTolerance
    }

    public static let fields = ["symbol", "market_regime", "strategy_allocations", "total_position", "confidence", "reasoning"]
    static let allocationFields = ["strategy_id", "weight", "confidence", "reasoning"]

    /// The allocator reply's JSON schema, compact with sorted keys.
    public static let schemaJSON = #"{"additionalProperties":false,"properties":{"confidence":{"type":"number"},"#
        + #""market_regime":{"enum":["STRONG_TREND","WEAK_TREND","RANGE","BREAKOUT","HIGH_VOLATILITY","LOW_VOLATILITY"],"type":"string"},"#
        + #""reasoning":{"type":"string"},"strategy_allocations":{"items":{"additionalProperties":false,"properties":{"confidence":{"type":"number"},"#
        + #""reasoning":{"type":"string"},"strategy_id":{"type":"string"},"weight":{"type":"number"}},"#
        + #""required":["strategy_id","weight","confidence","reasoning"],"type":"object"},"type":"array"},"symbol":{"type":"string"},"#
        + #""total_position":{"type":"number"}},"required":["symbol","market_regime","strategy_allocations","total_position","confidence","reasoning"],"type":"object"}"#

    /// One checked allocation.
    public struct Weighting: Sendable, Hashable {
        public var strategy: String
        public var weight: Double
        public var reasoning: String
    }

    /// The checked reply: symbol, regime, normalised weights, total position.
    public struct Plan: Sendable, Hashable {
        public var symbol: Symbol
        public var regime: MarketRegime
        public var weights: [Weighting]
        public var totalPosition: Double
        public var confidence: Double
        public var reasoning: String
    }

    /// The plan `reply` states, or every violation found.
    public func plan(_ reply: JSONNode, universe: [Symbol], rationaleLimit: Int = 200) -> Result<Plan, Violations> {
        var fields = ReplyFields(reply, expected: Self.fields)
        let symbolText = fields.string("symbol")
        let regimeText = fields.word("market_regime", MarketRegime.allCases.map(\.rawValue))
        let total = fields.decimal("total_position")?.doubleValue
        let confidence = fields.decimal("confidence")?.doubleValue
        let reasoning = fields.string("reasoning") ?? ""
        let list = fields.array("strategy_allocations")
        var problems = fields.problems
        var weights: [Weighting] = []
        for (index, item) in (list ?? []).enumerated() {
            var f = ReplyFields(item, expected: Self.allocationFields, path: "strategy_allocations[\(index)].")
            let id = f.string("strategy_id"), weight = f.decimal("weight")?.doubleValue, why = f.string("reasoning") ?? ""
            _ = f.decimal("confidence")
            problems += f.problems
            guard let id, let weight else { continue }
            if !enabled.contains(id) { problems.append(Violation("strategy_not_enabled", "\"\(id)\" is not one of \(enabled.joined(separator: ", "))")) }
            if weights.contains(where: { $0.strategy == id }) { problems.append(Violation("duplicate_strategy", "\"\(id)\" is allocated twice")) }
            if !(0...1).contains(weight) { problems.append(Violation("weight_out_of_range", "\(id): weight \(PromptNumber.double(weight)) is not within 0…1")) }
            weights.append(Weighting(strategy: id, weight: weight, reasoning: why))
        }
        if list?.isEmpty == true { problems.append(Violation("no_allocations", "strategy_allocations is empty")) }
        let sum = weights.reduce(0) { $0 + $1.weight }
        if !weights.isEmpty, abs(sum - 1) > weightTolerance + 1e-12 {
            problems.append(Violation("weights_do_not_sum_to_one", "the weights sum to \(PromptNumber.double(sum)); 1 ± \(PromptNumber.double(weightTolerance)) is required"))
        }
        if let total, !(-1...1).contains(total) {
            problems.append(Violation("total_position_out_of_range", "total_position \(PromptNumber.double(total)) is not within -1…1"))
        }
        if let confidence, !(0...1).contains(confidence) {
            problems.append(Violation("confidence_out_of_range", "confidence \(PromptNumber.double(confidence)) is not within 0…1"))
        }
        if reasoning.count > rationaleLimit { problems.append(Violation("rationale_too_long", "\(reasoning.count) characters; at most \(rationaleLimit)")) }
        var symbol: Symbol?
        if let symbolText {
            if let s = try? Symbol(symbolText), universe.contains(s) { symbol = s } else {
                problems.append(Violation("symbol_not_in_universe", "\"\(symbolText)\" is not one of \(universe.map(\.value).joined(separator: ", "))"))
            }
        }
        guard problems.isEmpty, let symbol, let regimeText, let regime = MarketRegime(rawValue: regimeText), let total else { return .failure(Violations(problems)) }
        let normalised = weights.map { Weighting(strategy: $0.strategy, weight: $0.weight / sum, reasoning: $0.reasoning) }
        return .success(Plan(symbol: symbol, regime: regime, weights: normalised, totalPosition: total, confidence: confidence ?? 0, reasoning: reasoning))
    }

    /// The blend `plan` makes of `readings` (the panel's, in panel order): weights by strategy (0 for one
    /// not allocated) times |total_position|; an error when the total's sign opposes the blend's.
    public func blend(_ plan: Plan, readings: [StrategyPanel.Reading]) -> Result<WeightedBlend, Violation> {
        let scale = abs(plan.totalPosition)
        let weights = readings.map { reading in (plan.weights.first { $0.strategy == reading.kind }?.weight ?? 0) * scale }
        let blend = WeightedBlend(symbol: plan.symbol, readings: readings, weights: weights)
        if blend.value != 0, plan.totalPosition != 0, (blend.value > 0) != (plan.totalPosition > 0) {
            return .failure(Violation("total_position_against_blend",
                                      "total_position \(PromptNumber.double(plan.totalPosition)) opposes the blended signal \(PromptNumber.double(blend.value / scale))"))
        }
        return .success(blend)
    }
}
