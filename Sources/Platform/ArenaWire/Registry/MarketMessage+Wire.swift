import ArenaCore

/// The one mapping between market messages, their topics and their
/// envelopes: the gateway publishes through it and the feature engine
/// decodes through it, so a new `md.*` message is added here once.
extension MarketMessage {
    /// The wire types of the market messages, in type-id order.
    public static let wireTypes: [any WireMessage.Type] = [
        Trade.self, Bar.self, BookTop.self, FundingRate.self, Liquidation.self, BookDepth.self, Positioning.self,
    ]

    /// The topic the gateway publishes the message on (proto/PROTOCOL.md, "Topics").
    public var topic: String {
        switch self {
        case .trade(let t): MarketTopics.trade(t.symbol)
        case .bar(let b): MarketTopics.bar(b.timeframe, b.symbol)
        case .bookTop(let b): MarketTopics.book(b.symbol)
        case .depth(let d): MarketTopics.depth(d.symbol)
        case .funding(let f): MarketTopics.funding(f.symbol)
        case .liquidation(let l): MarketTopics.liquidation(l.symbol)
        case .positioning(let p): MarketTopics.positioning(p.symbol)
        }
    }

    /// The payload as the message that travels in the envelope.
    public var wireMessage: any WireMessage {
        switch self {
        case .trade(let t): t
        case .bar(let b): b
        case .bookTop(let b): b
        case .depth(let d): d
        case .funding(let f): f
        case .liquidation(let l): l
        case .positioning(let p): p
        }
    }

    /// Decodes a message of any of the market types (an envelope, or what any
    /// transport delivered); nil for any other type (a publisher's heartbeats
    /// and alerts share its stream). Throws when the body does not decode.
    public init?(_ message: some WireDecodable) throws(WireError) {
        switch message.typeID {
        case Trade.wireType.id: self = .trade(try message.decode(Trade.self))
        case Bar.wireType.id: self = .bar(try message.decode(Bar.self))
        case BookTop.wireType.id: self = .bookTop(try message.decode(BookTop.self))
        case BookDepth.wireType.id: self = .depth(try message.decode(BookDepth.self))
        case FundingRate.wireType.id: self = .funding(try message.decode(FundingRate.self))
        case Liquidation.wireType.id: self = .liquidation(try message.decode(Liquidation.self))
        case Positioning.wireType.id: self = .positioning(try message.decode(Positioning.self))
        default: return nil
        }
    }
}
