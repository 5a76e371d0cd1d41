import ArenaCore

extension ExecutionKernel {
    /// Rebuilds state from one persisted record, with no new effects: an input record
    /// (`command`, `market`, `tick`, `venue`) is re-run (its effects are kept to be checked, not returned);
    /// an effect record must equal the next effect the re-run produced, else
    /// ``ExecutionError/replayDiverged(expected:found:)``. Effects of an input that the journal
    /// lacks (a torn last write) stay in ``replayBacklog`` for the caller to persist and publish.
    public mutating func replay(_ record: ExecutionRecord) throws(ExecutionError) {
        switch record {
        case .command(let command):
            replayBacklog = Array(handle(command).records.dropFirst())
        case .market(let input):
            replayBacklog = Array(handle(input).records.dropFirst())
        case .tick(let time):
            replayBacklog = Array(accountsAtTick(time).records.dropFirst())
        case .venue(let report):
            replayBacklog = Array(handle(report).records.dropFirst())
        case .order, .fill, .funding, .account, .receipt, .instruction:
            guard let expected = replayBacklog.first else { throw .replayDiverged(expected: nil, found: record) }
            guard expected == record else { throw .replayDiverged(expected: expected, found: record) }
            replayBacklog.removeFirst()
        }
    }

    /// Replays `records` in order.
    public mutating func replay(_ records: some Sequence<ExecutionRecord>) throws(ExecutionError) {
        for record in records { try replay(record) }
    }
}
