import ArenaBus
import ArenaCore
import ArenaWire
import Features

/// The service side of ``Features/FeatureEvent``: decoding from `md.*`, the
/// market time an event is for.
extension FeatureEvent {
    /// The market time the event is for; a bar's is its close.
    public var time: Timestamp {
        switch self {
        case let .trade(t): t.eventTime
        case let .bar(b): b.closeTime
        case let .bookTop(b): b.eventTime
        case let .depth(d): d.eventTime
        case let .funding(f): f.eventTime
        case let .liquidation(l): l.eventTime
        }
    }

    /// Decodes an `md.*` message; nil for the publisher's other messages (heartbeats, alerts).
    public init?(_ envelope: any BusMessage) throws {
        switch envelope.typeID {
        case Trade.wireType.id: self = .trade(try envelope.decode(Trade.self))
        case Bar.wireType.id: self = .bar(try envelope.decode(Bar.self))
        case BookTop.wireType.id: self = .bookTop(try envelope.decode(BookTop.self))
        case BookDepth.wireType.id: self = .depth(try envelope.decode(BookDepth.self))
        case FundingRate.wireType.id: self = .funding(try envelope.decode(FundingRate.self))
        case Liquidation.wireType.id: self = .liquidation(try envelope.decode(Liquidation.self))
        default: return nil
        }
    }
}
