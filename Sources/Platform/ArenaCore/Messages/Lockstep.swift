/// "Everything I owe for market time up to `through` is done", published on
/// `pace.<service>` in a lockstep replay (`arena.lockstep`, ADR 0016).
///
/// Each minute of market data goes through three phases. **Data**: the gateway
/// marks the end of the minute's data; the OMS answers once it has applied it,
/// and the feature engine once the rounds of its ticks are recorded and every
/// decision is acknowledged by the risk guard (which acknowledges a decision
/// once its orders are at the OMS). **Settle**: the gateway marks the minute
/// again; the OMS answers after everything those orders changed is published,
/// and the risk guard once it has reacted to that and the OMS has acknowledged
/// every command it owes. **Record**: the gateway marks the minute a third time;
/// every publisher the reporter follows sends the minute's messages again on
/// `record.<topic>` and echoes the mark after them, and the reporter answers
/// once it has all of them in its store. Only then does the next minute go out,
/// so no service ever races the replay, every run of the same data decides and
/// fills alike, and a restarted reporter misses nothing.
public struct PaceMark: Sendable, Hashable, Codable {
    /// Who is done.
    public var service: ServiceName
    /// The market time everything up to which is done (an interval boundary).
    public var through: Timestamp
    /// Which phase of the minute is done.
    public var phase: PacePhase

    public init(service: ServiceName, through: Timestamp, phase: PacePhase) {
        self.service = service
        self.through = through
        self.phase = phase
    }
}

/// The three phases of a lockstep minute (``PaceMark``).
public enum PacePhase: String, WireEnum {
    /// The minute's market data is out (gateway), applied (OMS), and its rounds decided and acknowledged (features).
    case data = "DATA"
    /// The effects of the minute's orders are published (OMS) and answered (risk guard).
    case settle = "SETTLE"
    /// The minute's messages are sent again to the reporter (every publisher) and recorded (reporter).
    case record = "RECORD"
}

/// The lockstep topics.
public enum PaceTopics {
    /// One service's pace marks (``PaceMark``); `pace.` for every service.
    public static func mark(_ service: String) -> String { "pace.\(service)" }
    /// The pace interval: the gateway marks every whole minute of market time,
    /// the close of each 1m bar the paper venue fills on.
    public static let intervalNanoseconds: Int64 = 60_000_000_000

    /// The topics the reporter records (bars, decisions, verdicts, trading
    /// states, order events, fills, funding, accounts): what a publisher keeps
    /// for the record phase of the minute.
    public static let recordedPrefixes = ["md.bar.1m.", "decision.", "risk.verdict.", "risk.state.", "order.", "fill.", "funding.", ArenaTopics.accounts]
    /// The prefix of a minute's messages sent again for the record phase.
    public static let recordPrefix = "record."
    /// `topic`'s message sent again for the record phase: only the reporter subscribes.
    public static func recorded(_ topic: String) -> String { recordPrefix + topic }
}
