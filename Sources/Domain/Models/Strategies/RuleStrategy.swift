import ArenaCore

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

/// Short number text for rationales: 2 decimals from 1,000 up, 4 from 1, 6
/// below, trailing zeros dropped (`28512.1`, `58.25`, `0.000125`). Rounded
/// half away from zero on the scaled value; written without Foundation's
/// formatter, which costs microseconds a decision cannot spend.
public func fmt(_ x: Double) -> String {
    guard x.isFinite else { return "\(x)" }
    if x == x.rounded(), abs(x) < 1e12 { return String(Int64(x)) }
    let magnitude = abs(x)
    let places = magnitude >= 1000 ? 2 : magnitude >= 1 ? 4 : 6
    var unit: Int64 = 1
    for _ in 0..<places { unit *= 10 }
    let scaled = (magnitude * Double(unit)).rounded(.toNearestOrAwayFromZero)
    guard scaled < 9e18 else { return "\(x)" }
    let n = Int64(scaled)
    var fraction = n % unit, width = places
    while width > 0, fraction % 10 == 0 {
        fraction /= 10
        width -= 1
    }
    var text = x < 0 && n != 0 ? "-" : ""
    text += String(n / unit)
    guard width > 0 else { return text }
    let digits = String(fraction)
    return text + "." + String(repeating: "0", count: width - digits.count) + digits
}
