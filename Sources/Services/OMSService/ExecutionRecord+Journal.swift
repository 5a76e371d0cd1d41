import ArenaCore
import ArenaRuntime
import Execution

extension ExecutionRecord: JournalRecord {
    public var journalKind: String {
        switch self {
        case .command: "command"
        case .market: "market"
        case .tick: "tick"
        case .order: "order"
        case .fill: "fill"
        case .funding: "funding"
        case .account: "account"
        case .receipt: "receipt"
        case .venue: "venue"
        case .instruction: "instruction"
        }
    }

    public var journalModel: ModelID? {
        switch self {
        case .command(let c): c.modelID
        case .market, .tick: nil
        case .order(let e): e.order.modelID
        case .fill(let f): f.modelID
        case .funding(let p): p.modelID
        case .account(let a): a.modelID
        case .receipt: nil
        case .venue: nil
        case .instruction(let i): i.order.modelID
        }
    }

    public var journalTime: Timestamp {
        switch self {
        case .command(let c): c.time
        case .market(let input): input.time
        case .tick(let t): t
        case .order(let e): e.time
        case .fill(let f): f.time
        case .funding(let p): p.time
        case .account(let a): a.asOf
        case .receipt: Timestamp(nanoseconds: 0)
        case .venue(let r): r.time
        case .instruction(let i): i.time
        }
    }
}
