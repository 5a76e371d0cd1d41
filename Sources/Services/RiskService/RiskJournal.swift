import ArenaCore
import ArenaRuntime
import Risk

/// What the risk guard journals: the engine's records, and the life of each
/// command it sends the OMS (sent, then acknowledged), so a restart rebuilds
/// the engine and resends exactly the commands never acknowledged.
enum RiskJournalRecord: JournalRecord, Hashable {
    case engine(RiskRecord)
    case commandSent(OrderCommand)
    case commandAcknowledged(OrderCommandAck, at: Timestamp)

    var journalKind: String {
        switch self {
        case .engine(let record):
            switch record {
            case .verdict: "verdict"
            case .stateChange: "state_change"
            case .control: "control"
            case .fill: "fill"
            case .reactionFired: "reaction_fired"
            case .reactionReset: "reaction_reset"
            }
        case .commandSent: "command_sent"
        case .commandAcknowledged: "command_acknowledged"
        }
    }

    var journalModel: ModelID? {
        switch self {
        case .engine(let record):
            switch record {
            case .verdict(let v, _): v.modelID
            case .stateChange(let c): c.modelID
            case .control: nil
            case .fill(let f, _): f.modelID
            case .reactionFired(let m, _, _), .reactionReset(let m, _, _): m
            }
        case .commandSent(let c): c.modelID
        case .commandAcknowledged: nil
        }
    }

    var journalTime: Timestamp {
        switch self {
        case .engine(let record):
            switch record {
            case .verdict(_, let at), .control(_, let at), .reactionFired(_, _, let at), .reactionReset(_, _, let at): at
            case .stateChange(let c): c.time
            case .fill(let f, _): f.time
            }
        case .commandSent(let c): c.time
        case .commandAcknowledged(_, let at): at
        }
    }
}
