import ArenaCore
import Models

/// An LLM agent's configuration, read from its roster entry (every value is in
/// the config hash; the API key itself never is, only where it is kept).
public struct AgentSettings: Sendable {
    public enum Mode: String, Sendable, CaseIterable {
        /// One sample, one decision.
        case single
        /// Self-consistency: `samples` replies and a majority vote.
        case vote
        /// Seed 001's strategy allocator.
        case allocator
    }

    public var endpoint: ProviderEndpoint
    public var model: String
    public var temperature: Double
    public var maxTokens: Int
    /// USD per million input and output tokens.
    public var inputPrice: FixedDecimal
    public var outputPrice: FixedDecimal
    public var key: SecretSource.Location
    public var mode: Mode
    public var samples: Int
    public var rules: DecisionRules
    public var dailyBudget: FixedDecimal
    public var requestsPerMinute: Int
    public var tokensPerMinute: Int
    public var maxAttempts: Int
    public var deadline: Duration
    public var bars: Int
    public var feeBasisPoints: Int
    public var slippageBasisPoints: Int
    public var feedback: Bool
    public var strategies: [ModelID]
    public var entryThreshold: Double
    public var exitThreshold: Double

    public static let parameters: [ParameterSpec] = [
        ParameterSpec("provider", .choice(ProviderKind.allCases.map(\.rawValue)), default: nil, "openai (and compatible servers), anthropic or gemini"),
        ParameterSpec("base_url", .text(maxLength: 512), default: "default", "the API root; default: the provider's public API"),
        ParameterSpec("model", .text(maxLength: 200), default: nil, "the provider's model name"),
        .number("temperature", 0.2, 0...2, "sampling temperature"),
        .int("max_tokens", 400, 16...32_768, "the reply's token limit"),
        .number("input_price", 0, 0...10_000, "USD per million input tokens"),
        .number("output_price", 0, 0...10_000, "USD per million output tokens"),
        ParameterSpec("api_key_env", .text(maxLength: 128), default: "auto", "environment variable holding the key; auto: OPENAI_API_KEY, ANTHROPIC_API_KEY or GEMINI_API_KEY; none: no key"),
        ParameterSpec("api_key_file", .text(maxLength: 512), default: "none", "a file holding the key (a mounted secret); wins over api_key_env"),
        ParameterSpec("mode", .choice(Mode.allCases.map(\.rawValue)), default: "single", "single, vote (self-consistency) or allocator"),
        .int("samples", 1, 1...9, "replies per decision (vote: at least 2)"),
        ParameterSpec("profile", .choice(PromptProfile.allCases.map(\.rawValue)), default: "spot", "spot (long-only) or perpetual"),
        .number("max_position", 0.2, 0.001...1, "largest position_size_pct of an entry (fraction of NAV)"),
        .number("max_leverage", 5, 1...125, "largest leverage of a perpetual entry"),
        .number("daily_budget", 5, 0...100_000, "USD the agent may spend per UTC day; then it holds (budget_exhausted)"),
        .int("rpm", 60, 1...100_000, "requests per minute to this provider"),
        .int("tpm", 200_000, 100...100_000_000, "tokens per minute to this provider"),
        .int("max_attempts", 4, 1...10, "HTTP attempts per sample within the deadline"),
        .number("deadline_seconds", 8, 0.5...120, "the whole call's deadline, retries included"),
        .int("bars", 60, 1...60, "1m bars per symbol in the prompt (spec §14: 60; fewer for a small local model's context)"),
        .int("fee_bp", 5, 0...1_000, "fee per side stated in the prompt, in bp"),
        .int("slippage_bp", 10, 0...1_000, "slippage stated in the prompt, in bp"),
        ParameterSpec("feedback", .choice(["on", "off"]), default: "on", "include the agent's own recent record"),
        ParameterSpec(
            "json_schema", .choice(ProviderEndpoint.SchemaStyle.allCases.map(\.rawValue)), default: "on",
            "on: the reply schema as OpenAI json_schema (and to Gemini); inline: json_object with the schema (llama-cpp-python); off: JSON mode only"
        ),
        ParameterSpec("strategies", .models, default: RegimeAllocator.defaultStrategies.joined(separator: ","), "allocator: the enabled rule strategies"),
        .number("entry_threshold", 0.2, 0.01...1, "allocator: |exposure| that opens a position"),
        .number("exit_threshold", 0.1, 0...1, "allocator: opposing |exposure| that closes one"),
    ]

    /// The default API root of each provider.
    static func defaultBaseURL(_ kind: ProviderKind) -> String {
        switch kind {
        case .openai: "https://api.openai.com/v1"
        case .anthropic: "https://api.anthropic.com/v1"
        case .gemini: "https://generativelanguage.googleapis.com/v1beta"
        }
    }

    public init(_ p: ModelParameters) throws(ModelConfigError) {
        guard let kind = ProviderKind(rawValue: p.word("provider")) else { throw .inconsistent(key: "provider", reason: "unknown provider") }
        var base = p.text("base_url")
        if base == "default" { base = Self.defaultBaseURL(kind) }
        guard base.hasPrefix("http://") || base.hasPrefix("https://") else {
            throw .inconsistent(key: "base_url", reason: "\(base) is not an http:// or https:// URL")
        }
        while base.hasSuffix("/") { base.removeLast() }
        guard let style = ProviderEndpoint.SchemaStyle(rawValue: p.word("json_schema")) else { throw .inconsistent(key: "json_schema", reason: "unknown style") }
        endpoint = ProviderEndpoint(kind: kind, baseURL: base, schemaStyle: style)
        model = p.text("model")
        temperature = p.double("temperature")
        maxTokens = p.int("max_tokens")
        inputPrice = p.decimal("input_price")
        outputPrice = p.decimal("output_price")
        let file = p.text("api_key_file"), env = p.text("api_key_env")
        if file != "none" { key = .file(file) }
        else if env == "none" { key = .none }
        else if env == "auto" { key = .environment("\(kind.rawValue.uppercased())_API_KEY") }
        else { key = .environment(env) }
        guard let mode = Mode(rawValue: p.word("mode")) else { throw .inconsistent(key: "mode", reason: "unknown mode") }
        self.mode = mode
        samples = p.int("samples")
        if mode == .vote, samples < 2 { throw .inconsistent(key: "samples", reason: "a vote needs at least 2 samples") }
        if mode != .vote, samples != 1 { throw .inconsistent(key: "samples", reason: "only mode vote takes more than one sample") }
        guard let profile = PromptProfile(rawValue: p.word("profile")) else { throw .inconsistent(key: "profile", reason: "unknown profile") }
        rules = DecisionRules(profile: profile, maxPositionPct: p.decimal("max_position"), maxLeverage: p.decimal("max_leverage"))
        dailyBudget = p.decimal("daily_budget")
        requestsPerMinute = p.int("rpm")
        tokensPerMinute = p.int("tpm")
        maxAttempts = p.int("max_attempts")
        deadline = .milliseconds(Int64((p.double("deadline_seconds") * 1000).rounded()))
        bars = p.int("bars")
        feeBasisPoints = p.int("fee_bp")
        slippageBasisPoints = p.int("slippage_bp")
        feedback = p.word("feedback") == "on"
        strategies = p.models("strategies")
        entryThreshold = p.double("entry_threshold")
        exitThreshold = p.double("exit_threshold")
    }

    /// The cost of `input` and `output` tokens at the configured prices, in USD (exact).
    public func cost(input: Int64, output: Int64) -> FixedDecimal {
        // Prices per million tokens with up to 6 decimals divide exactly at 12 decimal places.
        let perInput = FixedDecimal(raw: inputPrice.raw / 1_000_000), perOutput = FixedDecimal(raw: outputPrice.raw / 1_000_000)
        return FixedDecimal(Int(input)) * perInput + FixedDecimal(Int(output)) * perOutput
    }
}
