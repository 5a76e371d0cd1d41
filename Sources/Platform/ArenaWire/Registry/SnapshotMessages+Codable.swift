import ArenaCore

// The messages that carry a sealed snapshot, with their fields in the order of
// proto/schema.json; the snapshot goes through SealedSnapshot+Codable.swift.

extension FeatureSnapshot: Codable {
    private enum CodingKeys: String, CodingKey {
        case snapshotHash, snapshot
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(try c.decodeSealedSnapshot(hashKey: .snapshotHash, snapshotKey: .snapshot))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sealed, hashKey: .snapshotHash, snapshotKey: .snapshot)
    }
}

extension ScoringJob: Codable {
    private enum CodingKeys: String, CodingKey {
        case decisionID, model, snapshotHash, snapshot, account, deadline, history, members, spentToday
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        // One statement per field: binary fields are positional, so the reads must happen in this order.
        let decisionID = try c.decode(String.self, forKey: .decisionID)
        let model = try c.decode(ModelSpec.self, forKey: .model)
        let sealed = try c.decodeSealedSnapshot(hashKey: .snapshotHash, snapshotKey: .snapshot)
        let account = try c.decode(AccountState.self, forKey: .account)
        let deadline = try c.decode(Timestamp.self, forKey: .deadline)
        let history = try c.decode([DecisionSummary].self, forKey: .history)
        let members = try c.decode([ModelDecision].self, forKey: .members)
        // 2.1 appended it; a 2.0 job ends before it.
        let spentToday = try c.decodeIfPresent(FixedDecimal.self, forKey: .spentToday)
        self.init(
            decisionID: decisionID, model: model, sealed: sealed, account: account, deadline: deadline, history: history, members: members,
            spentToday: spentToday
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(decisionID, forKey: .decisionID)
        try c.encode(model, forKey: .model)
        try c.encode(sealed, hashKey: .snapshotHash, snapshotKey: .snapshot)
        try c.encode(account, forKey: .account)
        try c.encode(deadline, forKey: .deadline)
        try c.encode(history, forKey: .history)
        try c.encode(members, forKey: .members)
        try c.encodeIfPresent(spentToday, forKey: .spentToday)
    }
}
