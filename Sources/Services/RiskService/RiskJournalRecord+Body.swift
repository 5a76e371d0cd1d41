import ArenaCore
import ArenaRuntime
import ArenaWire
import Risk

/// The binary journal body of each record: its small fields, then its wire message.
extension RiskJournalRecord: BinaryJournalRecord {
    func writeJournalBody(_ body: inout JournalBodyWriter) throws(WireError) {
        switch self {
        case .engine(.verdict(let verdict, let at)): body.write(at); try body.write(verdict)
        case .engine(.stateChange(let change)): try body.write(change)
        case .engine(.control(let requestID, let at)): body.write(requestID); body.write(at)
        case .engine(.fill(let fill, let pnl)): body.write(pnl); try body.write(fill)
        case .engine(.reactionFired(let model, let key, let at)), .engine(.reactionReset(let model, let key, let at)):
            body.write(model.value); body.write(key); body.write(at)
        case .commandSent(let command): try body.write(command)
        case .commandAcknowledged(let ack, let at): body.write(at); try body.write(ack)
        }
    }

    static func readJournalBody(kind: String, _ body: inout JournalBodyReader) throws(WireError) -> RiskJournalRecord {
        switch kind {
        case "verdict":
            let at = try body.timestamp()
            return .engine(.verdict(try body.message(RiskVerdict.self), at: at))
        case "state_change": return .engine(.stateChange(try body.message(TradingStateChange.self)))
        case "control": return .engine(.control(requestID: try body.string(), at: try body.timestamp()))
        case "fill":
            let pnl = try body.optionalDecimal()
            return .engine(.fill(try body.message(Fill.self), realizedPnL: pnl))
        case "reaction_fired", "reaction_reset":
            let model = try body.string(), key = try body.string(), at = try body.timestamp()
            let id: ModelID
            do { id = try ModelID(model) } catch { throw WireError.invalidValue(path: "model", reason: "\(error)") }
            return .engine(kind == "reaction_fired" ? .reactionFired(model: id, key: key, at: at) : .reactionReset(model: id, key: key, at: at))
        case "command_sent": return .commandSent(try body.message(OrderCommand.self))
        case "command_acknowledged":
            let at = try body.timestamp()
            return .commandAcknowledged(try body.message(OrderCommandAck.self), at: at)
        default: throw WireError.invalidValue(path: "kind", reason: "unknown risk journal record \(kind)")
        }
    }
}
