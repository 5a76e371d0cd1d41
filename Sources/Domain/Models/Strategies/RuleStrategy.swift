import ArenaCore
import Foundation

/// What a rule strategy reads at one symbol: an entry, an exit, or nothing
/// (with the reason and the values behind it).
public enum RuleSignal: Sendable {
    /// Open a position; `strength` ranks entries across symbols (the strongest wins).
    case enter(ModelProposal, strength: Double)
    /// Close or reduce the position held.
    case exit(ModelProposal)
    /// No signal: why, with the values read.
    case none(reason: String, inputs: [NamedValue])
}

/// A rule strategy of spec §12: evaluated per symbol of the snapshot.
///
/// While the model holds a position, only that symbol is evaluated (for its
/// exit); when flat, every symbol in scope is evaluated and the strongest
/// entry wins, ties going to the first symbol. With no signal anywhere the
/// decision is a HOLD naming each symbol's reason.
public protocol RuleStrategy: TradingModel {
    /// The symbol to trade, or nil for every symbol of the snapshot.
    var symbolScope: Symbol? { get }
    /// The signal at `entry` given the position held there (nil when flat).
    func evaluate(_ entry: SymbolSnapshot, position: PositionState?, input: ModelInput) throws -> RuleSignal
}

extension RuleStrategy {
    public func decide(_ input: ModelInput) async throws -> ModelProposal { try decideNow(input) }

    /// The decision, synchronously (rules never wait).
    public func decideNow(_ input: ModelInput) throws -> ModelProposal {
        let symbols = symbolScope.map { [$0] } ?? input.snapshot.symbols.map(\.symbol)
        if let held = input.account.positions.first(where: { !$0.quantity.isZero && symbols.contains($0.symbol) }) {
            let signal = try evaluate(try input.entry(held.symbol), position: held, input: input)
            switch signal {
            case .exit(let proposal), .enter(let proposal, _): return proposal
            case .none(let reason, let inputs): return .hold("\(held.symbol): \(reason)", symbol: held.symbol, details: DecisionDetails(inputs: inputs))
            }
        }
        var best: (proposal: ModelProposal, strength: Double)?
        var reasons: [String] = []
        var firstInputs: [NamedValue] = []
        for symbol in symbols {
            switch try evaluate(try input.entry(symbol), position: nil, input: input) {
            case .enter(let proposal, let strength):
                if best.map({ strength > $0.strength }) ?? true { best = (proposal, strength) }
            case .exit(let proposal):
                return proposal
            case .none(let reason, let inputs):
                reasons.append("\(symbol): \(reason)")
                if firstInputs.isEmpty { firstInputs = inputs }
            }
        }
        if let best { return best.proposal }
        return .hold(reasons.joined(separator: "; "), details: DecisionDetails(inputs: firstInputs))
    }
}

/// Short number text for rationales: 4 significant decimals at most.
public func fmt(_ x: Double) -> String {
    if x == x.rounded(), abs(x) < 1e12 { return String(Int64(x)) }
    let magnitude = abs(x)
    let places = magnitude >= 1000 ? 2 : magnitude >= 1 ? 4 : 6
    var text = String(format: "%.\(places)f", x)
    while text.contains("."), text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
}
