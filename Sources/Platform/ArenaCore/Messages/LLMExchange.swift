/// Every call an LLM agent made for one decision, and what became of each
/// reply (spec §5 kind 3, §14). Carried by ``ModelDecision/exchange`` since
/// ModelDecision 2.1; the ``DecisionTrace`` beside it holds the prompt and
/// the totals.
public struct LLMExchange: Sendable, Hashable, Codable {
    /// `openai`, `anthropic` or `gemini`.
    public var provider: String
    /// The provider's model name.
    public var model: String
    /// `single`, `vote` or `allocator`.
    public var mode: String
    /// True when the replies came from the recorded replies, with no call made.
    public var replayed: Bool
    /// One entry per sample asked for, in order.
    public var calls: [LLMCall]
    /// For a vote: each action's count, as `BUY=2`, `HOLD=1`, sorted by action.
    public var tally: [String]
    /// The canonical JSON of the reply the decision was made from; nil when none was valid.
    public var parsedReply: String?
    /// Why the decision is a HOLD in place of what was asked, by name (`budget_exhausted`, `vote_tie`, …); empty otherwise.
    public var violations: [String]

    public init(
        provider: String, model: String, mode: String, replayed: Bool, calls: [LLMCall], tally: [String] = [], parsedReply: String?,
        violations: [String]
    ) {
        self.provider = provider
        self.model = model
        self.mode = mode
        self.replayed = replayed
        self.calls = calls
        self.tally = tally
        self.parsedReply = parsedReply
        self.violations = violations
    }
}

/// One sample: the request to the provider (with its retries) and its reply.
public struct LLMCall: Sendable, Hashable, Codable {
    /// 0-based sample number.
    public var sample: Int
    /// The provider's id for the request, where it gives one.
    public var requestID: String?
    /// HTTP requests sent for this sample (1 without retries; 0 when replayed or refused before sending).
    public var attempts: Int
    /// `ok`, `timeout`, `http_error`, `transport_error`, `refused`, `truncated`, `empty`, `rate_limited` or `replayed`.
    public var outcome: String
    /// What went wrong, when something did (never the API key).
    public var error: String?
    /// The reply's text as received.
    public var rawReply: String
    /// The reply as canonical JSON (sorted keys) when it was exactly one JSON object.
    public var parsedReply: String?
    /// The reply's violations by name (`not_json`, `prose_around_json`, `sell_while_flat`, …); empty when valid.
    public var violations: [String]
    /// What this sample decided, when it was valid.
    public var action: TradeAction?
    public var inputTokens: Int64
    public var outputTokens: Int64
    /// In USD, at the agent's configured prices.
    public var cost: FixedDecimal
    public var latencyMilliseconds: Int64

    public init(
        sample: Int, requestID: String?, attempts: Int, outcome: String, error: String?, rawReply: String, parsedReply: String?,
        violations: [String], action: TradeAction?, inputTokens: Int64, outputTokens: Int64, cost: FixedDecimal, latencyMilliseconds: Int64
    ) {
        self.sample = sample
        self.requestID = requestID
        self.attempts = attempts
        self.outcome = outcome
        self.error = error
        self.rawReply = rawReply
        self.parsedReply = parsedReply
        self.violations = violations
        self.action = action
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cost = cost
        self.latencyMilliseconds = latencyMilliseconds
    }
}
