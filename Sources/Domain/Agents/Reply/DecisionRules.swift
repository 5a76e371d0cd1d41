import ArenaCore
import Models

/// The two prompt and reply profiles of spec §14.
public enum PromptProfile: String, Sendable, Hashable, CaseIterable {
    /// Seed 000: long-only, at most one open symbol, BUY opens and SELL closes.
    case spot
    /// The 2025 public Alpha Arena: longs and shorts with `leverage` and an `invalidation_condition`.
    case perpetual
}

/// What a reply may ask for: the bounds the prompt states and the validation enforces.
public struct DecisionRules: Sendable, Hashable {
    public var profile: PromptProfile
    /// The largest `position_size_pct` of an entry (a fraction of NAV; 0.20 in spec §14).
    public var maxPositionPct: FixedDecimal
    /// The largest `leverage` of a perpetual entry.
    public var maxLeverage: FixedDecimal
    /// The longest `rationale`, in characters.
    public var rationaleLimit: Int

    public init(profile: PromptProfile, maxPositionPct: FixedDecimal, maxLeverage: FixedDecimal, rationaleLimit: Int = 200) {
        self.profile = profile
        self.maxPositionPct = maxPositionPct
        self.maxLeverage = maxLeverage
        self.rationaleLimit = rationaleLimit
    }

    /// The reply's fields, in the order the prompt lists them.
    public var fields: [String] {
        let common = ["symbol", "action", "position_size_pct", "take_profit", "stop_loss", "confidence", "rationale"]
        return profile == .perpetual ? common + ["leverage", "invalidation_condition"] : common
    }

    /// The reply's JSON schema (strict: every field required, nothing else allowed), as compact JSON
    /// text with sorted keys: what OpenAI's `response_format` and Gemini's schema receive.
    public var schemaJSON: String {
        var properties: [(String, String)] = [
            ("symbol", #"{"type":["string","null"]}"#),
            ("action", #"{"enum":["BUY","SELL","HOLD"],"type":"string"}"#),
            ("position_size_pct", #"{"type":"number"}"#),
            ("take_profit", #"{"type":"number"}"#),
            ("stop_loss", #"{"type":"number"}"#),
            ("confidence", #"{"type":"number"}"#),
            ("rationale", #"{"type":"string"}"#),
        ]
        if profile == .perpetual {
            properties += [("leverage", #"{"type":"number"}"#), ("invalidation_condition", #"{"type":"string"}"#)]
        }
        let props = properties.sorted { $0.0 < $1.0 }.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",")
        let required = fields.map { "\"\($0)\"" }.joined(separator: ",")
        return #"{"additionalProperties":false,"properties":{"# + props + #"},"required":["# + required + #"],"type":"object"}"#
    }
}

/// Checks a reply object against the schema and the account, and makes the
/// proposal it asks for. Every problem is named; one is enough for a HOLD.
public struct DecisionValidation {
    public let rules: DecisionRules
    public let input: ModelInput

    public init(rules: DecisionRules, input: ModelInput) {
        self.rules = rules
        self.input = input
    }

    /// The proposal `reply` asks for, or every violation found.
    public func proposal(_ reply: JSONNode) -> Result<ModelProposal, Violations> {
        var fields = ReplyFields(reply, expected: rules.fields)
        let action = fields.word("action", ["BUY", "SELL", "HOLD"]).flatMap(TradeAction.init(rawValue:))
        let symbolText = fields.optionalString("symbol")
        let size = fields.decimal("position_size_pct")
        let takeProfit = fields.decimal("take_profit"), stopLoss = fields.decimal("stop_loss")
        let confidence = fields.decimal("confidence")
        let rationale = fields.string("rationale") ?? ""
        let leverage = rules.profile == .perpetual ? fields.decimal("leverage") : nil
        let invalidation = rules.profile == .perpetual ? fields.string("invalidation_condition") : nil
        var problems = fields.problems
        if let confidence, confidence < .zero || confidence > .one {
            problems.append(Violation("confidence_out_of_range", "confidence \(confidence) is not within 0…1"))
        }
        if rationale.count > rules.rationaleLimit {
            problems.append(Violation("rationale_too_long", "\(rationale.count) characters; at most \(rules.rationaleLimit)"))
        }
        if let invalidation, invalidation.count > rules.rationaleLimit {
            problems.append(Violation("invalidation_condition_too_long", "\(invalidation.count) characters; at most \(rules.rationaleLimit)"))
        }
        guard let action, problems.isEmpty else { return .failure(Violations(problems)) }
        let conf = confidence?.doubleValue ?? 0
        var symbol: Symbol?
        if let symbolText {
            if let s = try? Symbol(symbolText), input.snapshot.entry(for: s) != nil { symbol = s } else {
                problems.append(Violation("symbol_not_in_universe", "\"\(symbolText)\" is not one of \(universe)"))
                return .failure(Violations(problems))
            }
        }
        if action == .hold { return .success(.hold(rationale, symbol: symbol, confidence: conf)) }
        guard let symbol else { return .failure([Violation("symbol_missing", "\(action.rawValue) needs a symbol of \(universe)")]) }
        let order = Order(action: action, symbol: symbol, size: size ?? .zero, takeProfit: takeProfit ?? .zero, stopLoss: stopLoss ?? .zero,
                          leverage: leverage, confidence: conf, rationale: rationale, invalidation: invalidation ?? "")
        return order.proposal(rules: rules, input: input)
    }

    var universe: String { "[" + input.snapshot.symbols.map(\.symbol.value).joined(separator: ", ") + "]" }
}

/// A BUY or SELL on a known symbol, checked against the account.
struct Order {
    var action: TradeAction
    var symbol: Symbol
    var size, takeProfit, stopLoss: FixedDecimal
    var leverage: FixedDecimal?
    var confidence: Double
    var rationale: String
    var invalidation: String

    func proposal(rules: DecisionRules, input: ModelInput) -> Result<ModelProposal, Violations> {
        let held = input.position(in: symbol)
        if let held {
            // In a position: the opposite action closes it; the same one would add, which neither profile's task allows.
            let closes = held.quantity.isNegative ? action == .buy : action == .sell
            guard closes else {
                let name = rules.profile == .spot ? "buy_while_in_position" : "add_not_allowed"
                return .failure([Violation(name, "\(action.rawValue) while holding \(held.quantity) \(symbol); close or hold")])
            }
            return .success(.close(held, confidence: confidence, rationale: rationale))
        }
        var problems: [Violation] = []
        if rules.profile == .spot {
            if action == .sell { return .failure([Violation("sell_while_flat", "SELL \(symbol) with no position: spot is long-only")]) }
            if let other = input.openPosition {
                problems.append(Violation("second_open_symbol", "\(other.symbol) is already open; spot holds one symbol at a time"))
            }
        }
        if !size.isPositive || size > rules.maxPositionPct {
            problems.append(Violation("size_out_of_bounds", "position_size_pct \(size) is not within (0, \(rules.maxPositionPct)]"))
        }
        let price = (try? input.entry(symbol))?.ticker.last ?? .zero
        let long = action == .buy
        if !takeProfit.isPositive || (long ? takeProfit <= price : takeProfit >= price) {
            problems.append(Violation("take_profit_wrong_side", "take_profit \(takeProfit) must be \(long ? "above" : "below") the price \(price)"))
        }
        if !stopLoss.isPositive || (long ? stopLoss >= price : stopLoss <= price) {
            problems.append(Violation("stop_loss_wrong_side", "stop_loss \(stopLoss) must be \(long ? "below" : "above") the price \(price)"))
        }
        if rules.profile == .perpetual {
            if let leverage, leverage < .one || leverage > rules.maxLeverage {
                problems.append(Violation("leverage_out_of_bounds", "leverage \(leverage) is not within 1…\(rules.maxLeverage)"))
            }
            if invalidation.trimmingCharacters(in: .whitespaces).isEmpty {
                problems.append(Violation("invalidation_condition_missing", "an entry must say what would invalidate it"))
            }
        }
        guard problems.isEmpty else { return .failure(Violations(problems)) }
        let rationale = rules.profile == .perpetual ? String("\(rationale) | invalid if: \(invalidation)".prefix(200)) : rationale
        return .success(ModelProposal(
            action: action, intent: .open, symbol: symbol, positionSizePct: size, takeProfit: takeProfit, stopLoss: stopLoss,
            leverage: rules.profile == .perpetual ? leverage : nil, confidence: confidence, rationale: rationale
        ))
    }
}
