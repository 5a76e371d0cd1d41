import ArenaCore
import Models

/// What one sample came to: its record, and the decision it asks for when valid.
struct JudgedSample: Sendable {
    var call: LLMCall
    var proposal: ModelProposal?
    var violations: [Violation]
    /// The vote key: `HOLD`, or the action and symbol.
    var key: String { proposal.map { $0.action == .hold ? "HOLD" : "\($0.action.rawValue) \($0.symbol?.value ?? "")" } ?? "HOLD" }
}

/// A reply as it arrived (from a provider or from the recorded replies), or why none did.
struct SampleReply: Sendable {
    var sample: Int
    var reply: ChatReply?
    var failure: (outcome: String, detail: String)?
    var attempts: Int
    var latency: Duration
}

/// Judges each sample's reply: the stop reason, then exactly one JSON object,
/// then the schema and the account. Nothing is guessed from text.
struct SampleJudge {
    let settings: AgentSettings
    let input: ModelInput
    /// For the allocator: the panel and its readings by symbol.
    let panel: StrategyPanel?
    let readings: [Symbol: [StrategyPanel.Reading]]

    func judge(_ s: SampleReply) -> JudgedSample {
        let text = s.reply?.text ?? ""
        let tokensIn = s.reply?.inputTokens ?? 0, tokensOut = s.reply?.outputTokens ?? 0
        var call = LLMCall(
            sample: s.sample, requestID: s.reply?.requestID, attempts: s.attempts, outcome: "ok", error: nil, rawReply: text, parsedReply: nil,
            violations: [], action: nil, inputTokens: tokensIn, outputTokens: tokensOut, cost: settings.cost(input: tokensIn, output: tokensOut),
            latencyMilliseconds: s.latency.wholeMilliseconds
        )
        func rejected(_ outcome: String, _ violations: [Violation]) -> JudgedSample {
            call.outcome = outcome
            call.violations = violations.map(\.description)
            return JudgedSample(call: call, proposal: nil, violations: violations)
        }
        if let failure = s.failure {
            call.error = failure.detail
            return rejected(failure.outcome, [Violation(failure.outcome, failure.detail)])
        }
        guard let reply = s.reply else { return rejected("empty", [Violation("empty_reply", "no reply")]) }
        switch reply.stop {
        case .refused(let why): return rejected("refused", [Violation("refusal", String(why.prefix(200)))])
        case .truncated: return rejected("truncated", [Violation("truncated_reply", "the reply hit the token limit (max_tokens \(settings.maxTokens))")])
        case .complete, .other: break
        }
        let object: JSONNode
        switch ReplyReading.object(text) {
        case .failure(let v): return rejected(text.isEmpty ? "empty" : "ok", [v])
        case .success(let o): object = o
        }
        call.parsedReply = object.canonical
        switch proposal(object) {
        case .failure(let violations): return rejected("ok", violations.list)
        case .success(let proposal):
            call.action = proposal.action
            return JudgedSample(call: call, proposal: proposal, violations: [])
        }
    }

    func proposal(_ object: JSONNode) -> Result<ModelProposal, Violations> {
        guard settings.mode == .allocator, let panel else { return DecisionValidation(rules: settings.rules, input: input).proposal(object) }
        let rules = AllocatorRules(enabled: panel.kinds, entryThreshold: settings.entryThreshold, exitThreshold: settings.exitThreshold)
        let plan: AllocatorRules.Plan
        switch rules.plan(object, universe: input.snapshot.symbols.map(\.symbol)) {
        case .failure(let v): return .failure(v)
        case .success(let p): plan = p
        }
        let blend: WeightedBlend
        switch rules.blend(plan, readings: readings[plan.symbol] ?? []) {
        case .failure(let v): return .failure([v])
        case .success(let b): blend = b
        }
        let target = blend.target(held: input.position(in: plan.symbol), entry: rules.entryThreshold, exit: rules.exitThreshold,
                                  maxPosition: settings.rules.maxPositionPct)
        let signals = Dictionary((readings[plan.symbol] ?? []).map { ($0.kind, $0.signal) }, uniquingKeysWith: { a, _ in a })
        let allocations = plan.weights.map {
            Allocation(strategy: $0.strategy, weight: $0.weight, signal: signals[$0.strategy] ?? 0, score: $0.weight, reason: String($0.reasoning.prefix(200)))
        }
        let details = DecisionDetails(score: blend.value, direction: blend.value > 0 ? .buy : blend.value < 0 ? .sell : .hold,
                                      allocations: allocations, notes: ["regime \(plan.regime.rawValue)", "total_position \(PromptNumber.double(plan.totalPosition))"])
        do {
            var proposal = try target.proposal(input, rationale: plan.reasoning, details: details)
            proposal.confidence = min(proposal.confidence, max(0, min(1, plan.confidence)))
            return .success(proposal)
        } catch {
            return .failure([Violation("symbol_not_in_snapshot", "\(error)")])
        }
    }
}
