import ArenaCore

/// One persisted entry of the kernel's journal.
///
/// The kernel is command-sourced: `.command`, `.market` and `.tick` are its inputs, every other
/// case is an effect they produced. Replaying the inputs in order re-runs the same deterministic
/// code and rebuilds the state exactly; the persisted effects are checked against what the
/// re-run produces (ADR 0013).
public indirect enum ExecutionRecord: Sendable, Hashable, Codable {
    /// A command received for the first time.
    case command(OrderCommand)
    /// A market input processed.
    case market(MarketInput)
    /// Every model's account was published, marked, at this time.
    case tick(Timestamp)
    /// An order changed state.
    case order(OrderEvent)
    case fill(Fill)
    case funding(FundingPayment)
    case account(AccountState)
    /// The answer to a command (accepted or refused): idempotency survives a restart.
    case receipt(OrderCommandAck)
    /// What a live venue reported about an order (an input).
    case venue(VenueReport)
    /// What a live venue is to be asked (an effect: sent once it is persisted).
    case instruction(VenueInstruction)

    /// Whether the record is an input of the kernel (re-run on replay) rather than an effect.
    public var isInput: Bool {
        switch self {
        case .command, .market, .tick, .venue: true
        case .order, .fill, .funding, .account, .receipt, .instruction: false
        }
    }
}

/// What one call of the kernel produced: the records to persist (before acknowledging) and,
/// for a command, the acknowledgement.
public struct ExecutionStep: Sendable, Hashable {
    public var records: [ExecutionRecord]
    public var ack: OrderCommandAck?

    public init(records: [ExecutionRecord], ack: OrderCommandAck? = nil) {
        self.records = records
        self.ack = ack
    }
}

/// Errors of the execution library.
public enum ExecutionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A decimal overflow computing `what`.
    case arithmetic(String)
    /// Replay produced a different effect than the one persisted: the journal and the code disagree.
    case replayDiverged(expected: ExecutionRecord?, found: ExecutionRecord)

    public var description: String {
        switch self {
        case .arithmetic(let what): "decimal overflow computing \(what)"
        case .replayDiverged(let expected, let found):
            if let expected { "replay diverged: the journal has \(found), the re-run produced \(expected)" }
            else { "replay diverged: the journal has \(found), the re-run produced nothing more" }
        }
    }
}
