import ArenaCore
import Crypto

/// A rendered prompt: the system and user messages, the template version they
/// came from and the SHA-256 of the full text.
public struct RenderedPrompt: Sendable, Hashable {
    public var templateVersion: String
    public var system: String
    public var user: String

    /// Both messages as one text, as recorded with the decision.
    public var full: String { "[system]\n\(system)\n\n[user]\n\(user)" }

    /// Lower-case hex SHA-256 of ``full``'s UTF-8 bytes.
    public var hash: String { SHA256.hash(data: Array(full.utf8)).map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined() }
}

/// The versioned prompt templates of spec §14. A version's text never changes
/// once released: a change is a new version, so the same version and the same
/// snapshot always give the same bytes, and a recorded prompt can be re-rendered.
public enum PromptTemplate: String, Sendable, Hashable, CaseIterable {
    /// Seed 000's unified prompt: spot, long-only, one open symbol.
    case spotV1 = "spot-v1"
    /// The perpetual profile: shorts, `leverage` and `invalidation_condition`.
    case perpetualV1 = "perpetual-v1"
    /// Seed 001's strategy allocator: a regime and weights over rule strategies.
    case allocatorV1 = "allocator-v1"

    /// The template a profile and mode render with.
    public static func current(profile: PromptProfile, allocator: Bool) -> PromptTemplate {
        allocator ? .allocatorV1 : profile == .spot ? .spotV1 : .perpetualV1
    }

    /// The system message.
    public var system: String {
        switch self {
        case .spotV1, .perpetualV1:
            "You are a quantitative trading agent in Alpha Arena. Output exactly one JSON object that follows the reply schema. "
                + "No Markdown, no code fences, no text before or after the object."
        case .allocatorV1:
            "You are the portfolio allocator of Alpha Arena. You choose the market regime and weights over the enabled rule strategies. "
                + "Output exactly one JSON object that follows the reply schema. No Markdown, no code fences, no text before or after the object."
        }
    }

    /// The constraint lines for `cadence` and `rules`.
    func constraints(cadence: String, rules: DecisionRules) -> [String] {
        let size = "  - Max \(PromptNumber.percent(rules.maxPositionPct.doubleValue)) of NAV per trade: position_size_pct is a fraction of NAV, at most \(rules.maxPositionPct)"
        switch self {
        case .spotV1:
            return ["  - Cadence: one decision every \(cadence)", size, "  - Long only; at most 1 open symbol",
                    "  - take_profit and stop_loss are absolute prices: take_profit above the price, stop_loss below it"]
        case .perpetualV1:
            return ["  - Cadence: one decision every \(cadence)", size,
                    "  - Long or short; leverage from 1 to \(rules.maxLeverage)",
                    "  - take_profit and stop_loss are absolute prices on the winning and losing side of the entry",
                    "  - invalidation_condition: what market event would prove the trade wrong"]
        case .allocatorV1:
            return ["  - Cadence: one decision every \(cadence)",
                    "  - strategy_allocations: strategy_id from the enabled list only; weights sum to 1 (±0.05)",
                    "  - total_position from -1 to 1 scales the blended signal; its sign must agree with the blend",
                    "  - The decision is the blend of the strategies' signals, sized at most \(rules.maxPositionPct) of NAV"]
        }
    }

    /// The task line.
    var task: String {
        switch self {
        case .spotV1: "Task: If in a position: HOLD or SELL (close) it, with reasons. If flat: BUY or HOLD, with reasons."
        case .perpetualV1:
            "Task: If in a position: HOLD it, or close it with the opposite action, with reasons. If flat: BUY (long), SELL (short) or HOLD, with reasons."
        case .allocatorV1: "Task: Identify the regime of the symbol you choose and allocate weights to the strategies that fit it, with reasons."
        }
    }
}
