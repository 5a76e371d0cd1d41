import ArenaCore

/// An ensemble (spec §5, kind 6): a vote over other models of the roster.
///
/// A member's vote is the very decision that member made for the same tick,
/// carried by the job; the ensemble never runs a member again (for an LLM
/// that would be a second call and perhaps a different answer).
///
/// - Votes: each member's action on its symbol; a member that timed out,
///   failed or was invalid votes HOLD. `majority` weighs every vote 1;
///   `confidence` weighs it by the member's confidence.
/// - Result: the side (long = BUY, short = SELL, flat = HOLD) with more than
///   half of the total weight wins; without one the ensemble holds. Its
///   confidence is the winning side's share of the weight (the agreement).
/// - Order: on the symbol most of the winners chose (ties: symbol order),
///   sized at the winners' mean `position_size_pct`, with the stop and target
///   of the most confident winner; translated to the ensemble's own position
///   by ``DirectionalTarget``.
public struct Ensemble: TradingModel {
    public static let schema = ModelSchema(kind: "ensemble", summary: "majority or confidence-weighted vote over other models", parameters: [
        ParameterSpec("members", .models, default: nil, "the models whose decisions vote"),
        ParameterSpec("mode", .choice(["majority", "confidence"]), default: "majority", "how votes are weighed"),
    ])

    public let members: [ModelID]
    let weighted: Bool

    public init(parameters: ModelParameters) throws(ModelConfigError) {
        members = parameters.models("members")
        guard members.count >= 2 else { throw .inconsistent(key: "members", reason: "an ensemble needs at least two members") }
        weighted = parameters.word("mode") == "confidence"
    }

    public var needs: MarketNeeds { MarketNeeds() }

    public func decide(_ input: ModelInput) async throws -> ModelProposal {
        let byModel = Dictionary(input.members.map { ($0.modelID, $0) }, uniquingKeysWith: { a, _ in a })
        let missing = members.filter { byModel[$0] == nil }
        guard missing.isEmpty else { throw ModelInputError.missingMembers(missing) }
        let decisions = members.map { byModel[$0]! }
        let votes = decisions.map { d in
            Vote(model: d.modelID, decisionID: d.decisionID, action: d.outcome == .decided ? d.action : .hold,
                 symbol: d.symbol, confidence: d.outcome == .decided ? d.confidence : 0, outcome: d.outcome)
        }
        let weight: (Vote) -> Double = { weighted ? $0.confidence : 1 }
        let total = votes.map(weight).reduce(0, +)
        var tally: [TradeAction: Double] = [:]
        for vote in votes { tally[vote.action, default: 0] += weight(vote) }
        let summary = TradeAction.allCases.map { "\($0.rawValue) \(fmt(tally[$0] ?? 0))" }.joined(separator: ", ")
        let mode = weighted ? "confidence-weighted" : "majority"
        guard total > 0, let (winner, share) = tally.map({ ($0.key, $0.value / total) }).first(where: { $0.1 > 0.5 }) else {
            return .hold("\(mode) vote without a majority: \(summary)", details: DecisionDetails(votes: votes))
        }
        let details = DecisionDetails(score: share, direction: winner, votes: votes)
        let rationale = "\(mode) vote \(winner.rawValue) with \(fmt(share * 100))% agreement (\(summary))"
        let winners = decisions.filter { $0.outcome == .decided && $0.action == winner && $0.symbol != nil }
        guard winner != .hold, let symbol = Self.mostChosen(winners.compactMap(\.symbol)) else {
            if let held = input.openPosition {
                return try DirectionalTarget(side: .flat, symbol: held.symbol, size: .zero, confidence: share)
                    .proposal(input, rationale: rationale, details: details)
            }
            return .hold(rationale, confidence: share, details: details)
        }
        let onSymbol = winners.filter { $0.symbol == symbol }
        let sizeSum = onSymbol.reduce(FixedDecimal.zero) { $0 + $1.positionSizePct }
        let size = (try? sizeSum.divided(by: FixedDecimal(onSymbol.count)).rounded(toPlaces: 6, .down)) ?? .zero
        let lead = onSymbol.max { $0.confidence < $1.confidence }
        return try DirectionalTarget(
            side: winner == .buy ? .long : .short, symbol: symbol, size: size, confidence: share, takeProfit: lead?.takeProfit,
            stopLoss: lead?.stopLoss, leverage: lead?.leverage
        ).proposal(input, rationale: rationale, details: details)
    }

    /// The symbol chosen most often; ties go to symbol order.
    static func mostChosen(_ symbols: [Symbol]) -> Symbol? {
        var counts: [Symbol: Int] = [:]
        for s in symbols { counts[s, default: 0] += 1 }
        return counts.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }?.key
    }
}
