import ArenaBus
import ArenaCore
import ArenaStore
import ArenaWire
import Foundation

/// What the reporter hears on the bus, decoded.
public enum ReporterEvent: Sendable {
    case bar(Bar)
    case account(AccountState)
    case decision(ModelDecision)
    case verdict(RiskVerdict)
    case order(OrderEvent)
    case fill(Fill)
    case funding(FundingPayment)
    case tradingState(TradingStateChange)
    case heartbeat(Heartbeat)
    case alert(Alert)

    /// The event a bus message carries, or nil for a type the reporter does not follow.
    static func decode(_ message: any BusMessage) throws(WireError) -> ReporterEvent? {
        switch message.typeID {
        case Bar.wireType.id: .bar(try message.decode(Bar.self))
        case AccountState.wireType.id: .account(try message.decode(AccountState.self))
        case ModelDecision.wireType.id: .decision(try message.decode(ModelDecision.self))
        case RiskVerdict.wireType.id: .verdict(try message.decode(RiskVerdict.self))
        case OrderEvent.wireType.id: .order(try message.decode(OrderEvent.self))
        case Fill.wireType.id: .fill(try message.decode(Fill.self))
        case FundingPayment.wireType.id: .funding(try message.decode(FundingPayment.self))
        case TradingStateChange.wireType.id: .tradingState(try message.decode(TradingStateChange.self))
        case Heartbeat.wireType.id: .heartbeat(try message.decode(Heartbeat.self))
        case Alert.wireType.id: .alert(try message.decode(Alert.self))
        default: nil
        }
    }

    /// The event a recorded audit-log row holds (its body is the message's canonical JSON), or nil
    /// for a kind the book does not replay.
    static func decode(_ stored: StoredEvent, decoder: JSONDecoder) throws -> ReporterEvent? {
        let data = Data(stored.body)
        switch AuditKind(rawValue: stored.kind) {
        case .decision: return .decision(try decoder.decode(ModelDecision.self, from: data))
        case .verdict: return .verdict(try decoder.decode(RiskVerdict.self, from: data))
        case .orderEvent: return .order(try decoder.decode(OrderEvent.self, from: data))
        case .fill: return .fill(try decoder.decode(Fill.self, from: data))
        case .tradingState: return .tradingState(try decoder.decode(TradingStateChange.self, from: data))
        default: return nil
        }
    }
}
