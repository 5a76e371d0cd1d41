import ArenaCore
import Models

/// Turns judged samples into the agent's proposal with its full record: the
/// trace (prompt, hash, the reply decided from, every violation, totals) and
/// the exchange (every call).
struct ExchangeBuilder {
    let settings: AgentSettings
    let prompt: RenderedPrompt

    /// The decision of `samples`: the single sample's; the vote's winner; a HOLD naming why when none stands.
    func decide(_ samples: [JudgedSample], replayed: Bool) -> ModelProposal {
        guard settings.mode == .vote else {
            guard let only = samples.first, let proposal = only.proposal else { return hold(samples.first?.violations ?? [], samples: samples, replayed: replayed) }
            return finish(proposal, chosen: only, samples: samples, violations: [], tally: [], replayed: replayed)
        }
        let vote = Vote.count(samples)
        guard let winner = vote.winner else {
            let tie = Violation("vote_tie", "no single action won: " + vote.tally.joined(separator: ", "))
            return hold([tie], samples: samples, replayed: replayed, tally: vote.tally)
        }
        // The winner's most confident valid sample (the first on equal confidence); a HOLD won by failed samples holds.
        guard let chosen = samples.filter({ $0.key == winner && $0.proposal != nil }).max(by: { $0.proposal!.confidence < $1.proposal!.confidence }),
              var proposal = chosen.proposal else {
            return hold([Violation("vote_hold", "most samples failed or held: " + vote.tally.joined(separator: ", "))], samples: samples, replayed: replayed,
                        tally: vote.tally)
        }
        // The vote's confidence is the share of samples that agree.
        proposal.confidence = Double(vote.counts[winner] ?? 0) / Double(samples.count)
        proposal.rationale = "vote \(vote.counts[winner] ?? 0)/\(samples.count): " + proposal.rationale
        return finish(proposal, chosen: chosen, samples: samples, violations: [], tally: vote.tally, replayed: replayed)
    }

    /// A HOLD because of `violations`, with whatever samples there were.
    func hold(_ violations: [Violation], samples: [JudgedSample], replayed: Bool, tally: [String] = []) -> ModelProposal {
        let names = violations.map(\.name)
        let proposal = ModelProposal.hold("HOLD: " + (names.isEmpty ? "no valid reply" : names.joined(separator: ", ")))
        return finish(proposal, chosen: samples.first, samples: samples, violations: violations, tally: tally, replayed: replayed)
    }

    func finish(_ proposal: ModelProposal, chosen: JudgedSample?, samples: [JudgedSample], violations: [Violation], tally: [String], replayed: Bool) -> ModelProposal {
        var out = proposal
        let calls = samples.map(\.call)
        // Every sample's violations, numbered when there are several samples, then the decision's own.
        var errors = samples.flatMap { s in s.violations.map { samples.count > 1 ? "sample \(s.call.sample): \($0)" : $0.description } }
        errors += violations.map(\.description).filter { !errors.contains($0) }
        out.trace = DecisionTrace(
            promptTemplateVersion: prompt.templateVersion, promptHash: prompt.hash, prompt: prompt.full, rawReply: chosen?.call.rawReply ?? "",
            validationErrors: errors, inputTokens: calls.reduce(0) { $0 + $1.inputTokens }, outputTokens: calls.reduce(0) { $0 + $1.outputTokens },
            cost: calls.reduce(FixedDecimal.zero) { $0 + $1.cost }
        )
        out.exchange = LLMExchange(
            provider: settings.endpoint.kind.rawValue, model: settings.model, mode: settings.mode.rawValue, replayed: replayed, calls: calls,
            tally: tally, parsedReply: violations.isEmpty ? chosen?.call.parsedReply : nil, violations: violations.map(\.name)
        )
        return out
    }
}

/// Self-consistency: each sample votes for its action and symbol; a failed
/// sample votes HOLD. The one key with the most votes wins; a tie has no winner.
struct Vote {
    var counts: [String: Int]
    var winner: String?

    /// `BUY BTCUSDT=2`, … sorted by key.
    var tally: [String] { counts.keys.sorted().map { "\($0)=\(counts[$0]!)" } }

    static func count(_ samples: [JudgedSample]) -> Vote {
        var counts: [String: Int] = [:]
        for sample in samples { counts[sample.key, default: 0] += 1 }
        let top = counts.values.max() ?? 0
        let leaders = counts.filter { $0.value == top }.map(\.key)
        return Vote(counts: counts, winner: leaders.count == 1 ? leaders[0] : nil)
    }
}
