import ArenaCore

// Stable type ids. Never renumber or reuse an id: add new types at new ids.
// Ranges: 1–99 market data, 100–199 operations, 200–299 features and decisions,
// 300–399 risk, 400–499 orders and accounts, 500–599 reports.

extension Trade: WireMessage {
    public static let wireType = MessageType(id: 1, name: "Trade", version: MessageVersion(1, 0))
}

extension Bar: WireMessage {
    public static let wireType = MessageType(id: 2, name: "Bar", version: MessageVersion(1, 0))
}

extension BookTop: WireMessage {
    public static let wireType = MessageType(id: 3, name: "BookTop", version: MessageVersion(1, 0))
}

extension FundingRate: WireMessage {
    public static let wireType = MessageType(id: 4, name: "FundingRate", version: MessageVersion(1, 0))
}

extension Liquidation: WireMessage {
    public static let wireType = MessageType(id: 5, name: "Liquidation", version: MessageVersion(1, 0))
}

extension BookDepth: WireMessage {
    public static let wireType = MessageType(id: 6, name: "BookDepth", version: MessageVersion(1, 0))
}

extension Positioning: WireMessage {
    public static let wireType = MessageType(id: 7, name: "Positioning", version: MessageVersion(1, 0))
}

extension BarsQuery: WireMessage {
    public static let wireType = MessageType(id: 10, name: "BarsQuery", version: MessageVersion(1, 0))
}

extension BarsReply: WireMessage {
    public static let wireType = MessageType(id: 11, name: "BarsReply", version: MessageVersion(1, 0))
}

extension TradesQuery: WireMessage {
    public static let wireType = MessageType(id: 12, name: "TradesQuery", version: MessageVersion(1, 0))
}

extension TradesReply: WireMessage {
    public static let wireType = MessageType(id: 13, name: "TradesReply", version: MessageVersion(1, 0))
}

extension LatestPricesQuery: WireMessage {
    public static let wireType = MessageType(id: 14, name: "LatestPricesQuery", version: MessageVersion(1, 0))
}

extension LatestPricesReply: WireMessage {
    public static let wireType = MessageType(id: 15, name: "LatestPricesReply", version: MessageVersion(1, 0))
}

extension LatestFundingQuery: WireMessage {
    public static let wireType = MessageType(id: 16, name: "LatestFundingQuery", version: MessageVersion(1, 0))
}

extension LatestFundingReply: WireMessage {
    public static let wireType = MessageType(id: 17, name: "LatestFundingReply", version: MessageVersion(1, 0))
}

extension CoverageQuery: WireMessage {
    public static let wireType = MessageType(id: 18, name: "CoverageQuery", version: MessageVersion(1, 0))
}

extension CoverageReply: WireMessage {
    public static let wireType = MessageType(id: 19, name: "CoverageReply", version: MessageVersion(1, 0))
}

extension Heartbeat: WireMessage {
    public static let wireType = MessageType(id: 100, name: "Heartbeat", version: MessageVersion(1, 1))
}

extension Alert: WireMessage {
    public static let wireType = MessageType(id: 101, name: "Alert", version: MessageVersion(1, 0))
}

extension ControlRequest: WireMessage {
    public static let wireType = MessageType(id: 102, name: "ControlRequest", version: MessageVersion(1, 0))
}

extension ServiceStatus: WireMessage {
    public static let wireType = MessageType(id: 103, name: "ServiceStatus", version: MessageVersion(1, 0))
}

extension PaceMark: WireMessage {
    public static let wireType = MessageType(id: 104, name: "PaceMark", version: MessageVersion(1, 0))
}

extension ErrorReply: WireMessage {
    public static let wireType = MessageType(id: 110, name: "ErrorReply", version: MessageVersion(1, 0))
}

extension FeatureSnapshot: WireMessage {
    public static let wireType = MessageType(id: 200, name: "FeatureSnapshot", version: MessageVersion(1, 0))
}

extension ScoringJob: WireMessage {
    public static let wireType = MessageType(id: 210, name: "ScoringJob", version: MessageVersion(2, 1))
}

extension ModelDecision: WireMessage {
    public static let wireType = MessageType(id: 211, name: "ModelDecision", version: MessageVersion(2, 2))
}

extension DecisionAck: WireMessage {
    public static let wireType = MessageType(id: 212, name: "DecisionAck", version: MessageVersion(1, 0))
}

extension RoundRecord: WireMessage {
    public static let wireType = MessageType(id: 213, name: "RoundRecord", version: MessageVersion(1, 1))
}

extension RiskVerdict: WireMessage {
    public static let wireType = MessageType(id: 300, name: "RiskVerdict", version: MessageVersion(1, 1))
}

extension TradingStateChange: WireMessage {
    public static let wireType = MessageType(id: 301, name: "TradingStateChange", version: MessageVersion(1, 0))
}

extension TradingControl: WireMessage {
    public static let wireType = MessageType(id: 302, name: "TradingControl", version: MessageVersion(1, 0))
}

extension TradingControlReply: WireMessage {
    public static let wireType = MessageType(id: 303, name: "TradingControlReply", version: MessageVersion(1, 0))
}

extension AccountState: WireMessage {
    public static let wireType = MessageType(id: 400, name: "AccountState", version: MessageVersion(2, 0))
}

extension OrderCommand: WireMessage {
    public static let wireType = MessageType(id: 401, name: "OrderCommand", version: MessageVersion(1, 1))
}

extension OrderCommandAck: WireMessage {
    public static let wireType = MessageType(id: 402, name: "OrderCommandAck", version: MessageVersion(1, 0))
}

extension OrderEvent: WireMessage {
    public static let wireType = MessageType(id: 403, name: "OrderEvent", version: MessageVersion(1, 1))
}

extension Fill: WireMessage {
    public static let wireType = MessageType(id: 404, name: "Fill", version: MessageVersion(1, 0))
}

extension FundingPayment: WireMessage {
    public static let wireType = MessageType(id: 405, name: "FundingPayment", version: MessageVersion(1, 0))
}

extension VenueReport: WireMessage {
    public static let wireType = MessageType(id: 406, name: "VenueReport", version: MessageVersion(1, 0))
}

extension VenueInstruction: WireMessage {
    public static let wireType = MessageType(id: 407, name: "VenueInstruction", version: MessageVersion(1, 0))
}

/// Every message type this build knows, by id.
public enum MessageRegistry {
    /// All registered message types, in id order.
    public static let all: [any WireMessage.Type] = MarketMessage.wireTypes + [
        BarsQuery.self, BarsReply.self, TradesQuery.self, TradesReply.self, LatestPricesQuery.self,
        LatestPricesReply.self, LatestFundingQuery.self, LatestFundingReply.self, CoverageQuery.self, CoverageReply.self,
        Heartbeat.self, Alert.self, ControlRequest.self, ServiceStatus.self, PaceMark.self, ErrorReply.self,
        FeatureSnapshot.self, ScoringJob.self, ModelDecision.self, DecisionAck.self, RoundRecord.self,
        RiskVerdict.self, TradingStateChange.self, TradingControl.self, TradingControlReply.self,
        AccountState.self, OrderCommand.self, OrderCommandAck.self, OrderEvent.self, Fill.self, FundingPayment.self,
        VenueReport.self, VenueInstruction.self,
    ]

    private static let byID: [UInt16: any WireMessage.Type] = Dictionary(
        uniqueKeysWithValues: all.map { ($0.wireType.id, $0) }
    )

    /// The type registered under `id`.
    public static func type(for id: UInt16) throws(WireError) -> any WireMessage.Type {
        guard let t = byID[id] else { throw WireError.unknownMessageType(id) }
        return t
    }

    /// Decodes an envelope's body as whatever type its id names.
    public static func decodeAny(_ envelope: Envelope, limits: BinaryLimits = .default) throws(WireError) -> any WireMessage {
        let t = try type(for: envelope.typeID)
        return try decode(t, envelope, limits: limits)
    }

    private static func decode<M: WireMessage>(_ type: M.Type, _ envelope: Envelope, limits: BinaryLimits) throws(WireError) -> any WireMessage {
        try envelope.decode(type, limits: limits)
    }
}
