import ArenaCore
import ArenaRuntime
import ArenaWire
import Execution

/// The binary journal body of each record: its payload as the wire type it is
/// published as (a market input behind its kind's name).
extension ExecutionRecord: BinaryJournalRecord {
    public func writeJournalBody(_ body: inout JournalBodyWriter) throws(WireError) {
        switch self {
        case .command(let c): try body.write(c)
        case .market(let input):
            switch input {
            case .trade(let t): body.write("trade"); try body.write(t)
            case .bar(let b): body.write("bar"); try body.write(b)
            case .depth(let d): body.write("depth"); try body.write(d)
            case .bookTop(let b): body.write("book_top"); try body.write(b)
            case .funding(let f): body.write("funding"); try body.write(f)
            }
        case .tick(let t): body.write(t)
        case .order(let e): try body.write(e)
        case .fill(let f): try body.write(f)
        case .funding(let p): try body.write(p)
        case .account(let a): try body.write(a)
        case .receipt(let r): try body.write(r)
        case .venue(let r): try body.write(r)
        case .instruction(let i): try body.write(i)
        }
    }

    public static func readJournalBody(kind: String, _ body: inout JournalBodyReader) throws(WireError) -> ExecutionRecord {
        switch kind {
        case "command": return .command(try body.message(OrderCommand.self))
        case "market":
            switch try body.string() {
            case "trade": return .market(.trade(try body.message(Trade.self)))
            case "bar": return .market(.bar(try body.message(Bar.self)))
            case "depth": return .market(.depth(try body.message(BookDepth.self)))
            case "book_top": return .market(.bookTop(try body.message(BookTop.self)))
            case "funding": return .market(.funding(try body.message(FundingRate.self)))
            case let other: throw WireError.invalidValue(path: "market", reason: "unknown market input \(other)")
            }
        case "tick": return .tick(try body.timestamp())
        case "order": return .order(try body.message(OrderEvent.self))
        case "fill": return .fill(try body.message(Fill.self))
        case "funding": return .funding(try body.message(FundingPayment.self))
        case "account": return .account(try body.message(AccountState.self))
        case "receipt": return .receipt(try body.message(OrderCommandAck.self))
        case "venue": return .venue(try body.message(VenueReport.self))
        case "instruction": return .instruction(try body.message(VenueInstruction.self))
        default: throw WireError.invalidValue(path: "kind", reason: "unknown execution record \(kind)")
        }
    }
}
