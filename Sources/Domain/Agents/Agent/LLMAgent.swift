import ArenaCore
import Models

/// The LLM agent (spec §5 kind 3, §14): renders the unified prompt, asks its
/// provider (or its recorded replies) for one or more samples, judges every
/// reply strictly and decides — or holds, naming each violation. Everything is
/// recorded with the decision: prompt, raw and parsed replies, violations,
/// tokens, cost, latency and request ids.
///
/// Stateless like every model: the daily budget is kept with the job's
/// `spentToday`, which the arena clock sums from its ledger, so any scorer
/// replica keeps the same budget.
public struct LLMAgent: TradingModel {
    public static let schema = ModelSchema(
        kind: "llm", summary: "an LLM agent: the unified prompt, strict JSON validation, votes or a strategy allocator",
        parameters: AgentSettings.parameters, workload: .io
    )

    public let settings: AgentSettings
    let runtime: AgentRuntime
    let panel: StrategyPanel?
    let renderer: PromptRenderer

    /// An agent that can be checked but not run (no transport).
    public init(parameters: ModelParameters) throws(ModelConfigError) {
        try self.init(parameters: parameters, runtime: .checkOnly)
    }

    public init(parameters: ModelParameters, runtime: AgentRuntime) throws(ModelConfigError) {
        settings = try AgentSettings(parameters)
        self.runtime = runtime
        panel = settings.mode == .allocator ? try StrategyPanel(settings.strategies, key: "strategies") : nil
        renderer = PromptRenderer(
            template: .current(profile: settings.rules.profile, allocator: settings.mode == .allocator), rules: settings.rules,
            feeBasisPoints: settings.feeBasisPoints, slippageBasisPoints: settings.slippageBasisPoints, bars: settings.bars, feedback: settings.feedback,
            indicators: (try? Self.ownNeeds(panel).columns()) ?? []
        )
    }

    /// The indicators the prompt states (the agent's own, so another model in the roster never changes its prompt).
    static func ownNeeds(_ panel: StrategyPanel?) -> MarketNeeds {
        MarketNeeds(indicators: ["ema:9", "ema:21", "rsi:14", "atr:14"]).union(panel?.needs ?? MarketNeeds())
    }

    public var needs: MarketNeeds { Self.ownNeeds(panel) }

    public func decide(_ input: ModelInput) async throws -> ModelProposal {
        var readings: [Symbol: [StrategyPanel.Reading]] = [:]
        if let panel {
            for entry in input.snapshot.symbols { readings[entry.symbol] = try panel.readings(entry.symbol, input) }
        }
        let prompt = renderer.render(input, strategies: input.snapshot.symbols.compactMap { e in readings[e.symbol].map { (e.symbol, $0) } })
        let exchange = ExchangeBuilder(settings: settings, prompt: prompt)
        if let spent = input.job.spentToday, spent >= settings.dailyBudget {
            runtime.log(AgentLogLine(.warning, "LLM agent holds: daily budget spent", [
                "decision": input.job.decisionID, "spent_usd": "\(spent)", "budget_usd": "\(settings.dailyBudget)",
            ]))
            return exchange.hold([Violation("budget_exhausted", "spent \(spent) of \(settings.dailyBudget) USD today")], samples: [], replayed: false)
        }
        let replies: [SampleReply]
        let replayed: Bool
        switch await collect(prompt, input.job) {
        case .failure(let violation):
            runtime.log(AgentLogLine(.warning, "LLM agent holds: \(violation.name)", ["decision": input.job.decisionID, "detail": violation.detail]))
            return exchange.hold([violation], samples: [], replayed: runtime.book?.mode == .replay)
        case .success(let got): (replies, replayed) = got
        }
        let judge = SampleJudge(settings: settings, input: input, panel: panel, readings: readings)
        let judged = replies.map(judge.judge)
        for sample in judged where !sample.violations.isEmpty {
            runtime.log(AgentLogLine(.warning, "LLM reply rejected", [
                "decision": input.job.decisionID, "sample": "\(sample.call.sample)",
                "violations": sample.violations.map(\.name).joined(separator: ","), "detail": sample.violations.first?.detail ?? "",
            ]))
        }
        return exchange.decide(judged, replayed: replayed)
    }

    /// The samples' replies: from the recorded replies in replay mode, from the provider otherwise.
    func collect(_ prompt: RenderedPrompt, _ job: ScoringJob) async -> Result<([SampleReply], Bool), Violation> {
        if let book = runtime.book, book.mode == .replay {
            do {
                guard let recorded = try await book.replies(config: job.model.configHash, snapshot: job.snapshotHash) else {
                    return .failure(Violation("no_recorded_reply", "none recorded for config \(job.model.configHash.prefix(12)) at snapshot \(job.snapshotHash.prefix(12))"))
                }
                return .success((recorded.map(SampleReply.init(recorded:)), true))
            } catch {
                return .failure(Violation("recorded_reply_unreadable", error.description))
            }
        }
        guard let transport = runtime.transport else { return .failure(Violation("no_transport", "this process does not call LLM providers")) }
        guard let key = await runtime.secrets.key(at: settings.key) else {
            return .failure(Violation("missing_api_key", "no API key in the \(settings.key)"))
        }
        let limiter = await runtime.limits.limiter(for: settings.endpoint, requestsPerMinute: settings.requestsPerMinute, tokensPerMinute: settings.tokensPerMinute)
        let call = ProviderCall(endpoint: settings.endpoint, wire: settings.endpoint.kind.wire, transport: transport, limiter: limiter, maxAttempts: settings.maxAttempts)
        let chat = ChatRequest(
            model: settings.model, system: prompt.system, user: prompt.user, temperature: settings.temperature, maxTokens: settings.maxTokens,
            responseSchema: settings.mode == .allocator ? AllocatorRules.schemaJSON : settings.rules.schemaJSON,
            schemaName: settings.mode == .allocator ? "allocation" : "decision"
        )
        let deadline = ContinuousClock.now + callBudget(job)
        let outcomes = await withTaskGroup(of: (Int, ProviderCall.Outcome).self) { group in
            for sample in 0..<settings.samples { group.addTask { (sample, await call.call(chat, apiKey: key, deadline: deadline)) } }
            var out: [(Int, ProviderCall.Outcome)] = []
            for await done in group { out.append(done) }
            return out.sorted { $0.0 < $1.0 }
        }
        let replies = outcomes.map { sample, outcome in
            SampleReply(sample: sample, reply: outcome.reply, failure: outcome.error.map { ($0.outcome, Redaction.redact($0.description, secrets: [key])) },
                        attempts: outcome.attempts, latency: outcome.latency)
        }
        if let book = runtime.book, book.mode == .record {
            do { try await book.record(replies.map(RecordedReply.init(sample:)), config: job.model.configHash, snapshot: job.snapshotHash) } catch {
                runtime.log(AgentLogLine(.error, "could not record the LLM replies", ["decision": job.decisionID, "error": error.description]))
            }
        }
        return .success((replies, false))
    }

    /// The call's deadline: the configured one, cut short by the job's own (with a margin for the answer to travel back).
    func callBudget(_ job: ScoringJob) -> Duration {
        let left = job.deadline.duration(since: runtime.clock.now()) - .milliseconds(250)
        return left > .zero ? min(settings.deadline, left) : settings.deadline
    }
}

extension SampleReply {
    init(recorded r: RecordedReply) {
        let stop: StopReason = switch r.stop {
        case "complete"?: .complete
        case "truncated"?: .truncated
        case "refused"?: .refused(r.refusal ?? "")
        case let other?: .other(other)
        case nil: .complete
        }
        self.init(
            sample: r.sample,
            reply: r.failure == nil ? ChatReply(text: r.text, inputTokens: r.inputTokens, outputTokens: r.outputTokens, requestID: r.requestID, stop: stop) : nil,
            failure: r.failure.map { failure in
                let parts = failure.split(separator: ":", maxSplits: 1).map(String.init)
                return (parts[0], parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "")
            },
            attempts: 0, latency: .zero
        )
    }
}

extension RecordedReply {
    init(sample s: SampleReply) {
        let (stop, refusal): (String?, String?) = switch s.reply?.stop {
        case .complete?: ("complete", nil)
        case .truncated?: ("truncated", nil)
        case .refused(let why)?: ("refused", why)
        case .other(let name)?: (name, nil)
        case nil: (nil, nil)
        }
        self.init(
            sample: s.sample, text: s.reply?.text ?? "", stop: stop, refusal: refusal, failure: s.failure.map { "\($0.outcome): \($0.detail)" },
            inputTokens: s.reply?.inputTokens ?? 0, outputTokens: s.reply?.outputTokens ?? 0, requestID: s.reply?.requestID
        )
    }
}
