import ArenaCore

extension RiskEngine {
    /// An operator's request at market time `now`: SET_STATE of a model or the
    /// arena; KILL_SWITCH (a model: flatten and HALTED; nil: flatten every
    /// model and halt the arena); FLATTEN (commands only); STATUS. Idempotent
    /// by request id: a repeat answers `firstReceipt: false` and does nothing.
    public mutating func control(_ request: TradingControl, now: Timestamp) -> ControlOutcome {
        guard !controlReceipts.contains(request.requestID) else {
            return outcome(request, applied: false, first: false, "request \(request.requestID) was already received", records: [])
        }
        var records: [RiskRecord] = [.control(requestID: request.requestID, at: now)]
        if let model = request.modelID, books[model] == nil {
            commit(records)
            return outcome(request, applied: false, first: true, "unknown model \(model)", records: records)
        }
        let by = "operator:\(request.operatorName)"
        let words = request.reason.isEmpty ? "" : ": \(request.reason)"
        let who = request.modelID.map { "model \($0)" } ?? "the arena"
        var commands: [OrderCommand] = []
        var alerts: [RiskAlert] = []
        let message: String

        switch request.command {
        case .status:
            message = "status"
        case .setState:
            guard let target = request.state else {
                commit(records)
                return outcome(request, applied: false, first: true, "SET_STATE needs a state", records: records)
            }
            if let change = transition(request.modelID, to: target, reason: "operator" + words, by: by, until: nil, now: now) {
                records.append(.stateChange(change))
                if target == .halted {
                    alerts.append(RiskAlert(kind: "halted", severity: .warning, message: "\(who) halted by \(by)\(words)", model: request.modelID, time: now))
                }
            }
            message = "\(who) set to \(target.rawValue)"
        case .killSwitch:
            if let change = transition(request.modelID, to: .halted, reason: "kill_switch" + words, by: by, until: nil, now: now) {
                records.append(.stateChange(change))
            }
            commands = flattenCommands(request, now: now)
            alerts.append(RiskAlert(kind: "kill_switch", severity: .critical, message: "kill switch: \(who) flattened and halted by \(by)\(words)", model: request.modelID, time: now))
            message = "\(who) flattened and halted"
        case .flatten:
            commands = flattenCommands(request, now: now)
            message = "\(who) flattened"
        }
        commit(records)
        var result = outcome(request, applied: true, first: true, message, records: records)
        result.commands = commands
        result.alerts = alerts
        return result
    }

    /// One `.flatten` per model concerned (every model for the arena), ids derived from the request.
    private func flattenCommands(_ request: TradingControl, now: Timestamp) -> [OrderCommand] {
        let targets = request.modelID.map { [$0] } ?? models
        let reason = "operator_flatten: \(request.operatorName)" + (request.reason.isEmpty ? "" : ", \(request.reason)")
        return targets.map { OrderCommand(commandID: "\(request.requestID)/flatten/\($0)", kind: .flatten, modelID: $0, reason: reason, time: now) }
    }

    private func outcome(_ request: TradingControl, applied: Bool, first: Bool, _ message: String, records: [RiskRecord]) -> ControlOutcome {
        ControlOutcome(
            reply: TradingControlReply(requestID: request.requestID, applied: applied, firstReceipt: first, message: message, states: states),
            stateChanges: records.compactMap { record -> TradingStateChange? in
                if case .stateChange(let change) = record { return change }
                return nil
            }, commands: [], alerts: [],
            records: records
        )
    }
}
