import ArenaCore
import ArenaTesting
import Foundation
import PropertyBased
import Testing
@testable import ArenaWire

/// Every registered message type survives every path: the envelope frame in
/// both codecs, the generic Codable binary coder and JSON.
@Suite(.cpuBound) struct MessageRoundTripTests {
    static let metadata = EnvelopeMetadata(
        id: MessageID(instance: .max, sequence: 1), correlation: nil, source: "test", sentAt: Timestamp(nanoseconds: -1), trace: nil
    )

    func checkAllPaths<M: WireMessage & Equatable>(_ message: M) throws {
        for codec in WireCodec.allCases {
            let frame = try Envelope.frame(message, metadata: Self.metadata, codec: codec)
            let envelope = try Envelope(parsing: frame)
            #expect(envelope.metadata == Self.metadata)
            #expect(envelope.typeID == M.wireType.id)
            #expect(try envelope.decode(M.self) == message)
            #expect(try MessageRegistry.decodeAny(envelope) as? M == message)
            #expect(try envelope.serialized() == frame)
        }
        let generic = try BinaryEncoder().encode(message)
        #expect(try BinaryDecoder().decode(M.self, from: generic) == message)
        let json = try WireCodecs.encode(message, codec: .json)
        #expect(try WireCodecs.decode(M.self, from: json, codec: .json) == message)
    }

    @Test func trades() async { await propertyCheck(count: 300, input: Arbitrary.trade) { try checkAllPaths($0) } }
    @Test func bars() async { await propertyCheck(count: 300, input: Arbitrary.bar) { try checkAllPaths($0) } }
    @Test func bookTops() async { await propertyCheck(count: 300, input: Arbitrary.bookTop) { try checkAllPaths($0) } }
    @Test func fundingRates() async { await propertyCheck(count: 300, input: Arbitrary.funding) { try checkAllPaths($0) } }
    @Test func liquidations() async { await propertyCheck(count: 300, input: Arbitrary.liquidation) { try checkAllPaths($0) } }
    @Test func positionings() async { await propertyCheck(count: 300, input: Arbitrary.positioning) { try checkAllPaths($0) } }
    @Test func heartbeats() async { await propertyCheck(count: 200, input: Arbitrary.heartbeat) { try checkAllPaths($0) } }
    @Test func alerts() async { await propertyCheck(count: 200, input: Arbitrary.alert) { try checkAllPaths($0) } }
    @Test func controlRequests() async { await propertyCheck(count: 20, input: Arbitrary.controlRequest) { try checkAllPaths($0) } }
    @Test func statuses() async { await propertyCheck(count: 200, input: Arbitrary.status) { try checkAllPaths($0) } }
    @Test func paceMarks() async { await propertyCheck(count: 100, input: Arbitrary.paceMark) { try checkAllPaths($0) } }
    @Test func errorReplies() async { await propertyCheck(count: 100, input: Arbitrary.errorReply) { try checkAllPaths($0) } }

    @Test func bookDepths() async { await propertyCheck(count: 100, input: Arbitrary.bookDepth) { try checkAllPaths($0) } }
    @Test func barsQueries() async { await propertyCheck(count: 100, input: Arbitrary.barsQuery) { try checkAllPaths($0) } }
    @Test func barsReplies() async { await propertyCheck(count: 100, input: Arbitrary.barsReply) { try checkAllPaths($0) } }
    @Test func tradesQueries() async { await propertyCheck(count: 100, input: Arbitrary.tradesQuery) { try checkAllPaths($0) } }
    @Test func tradesReplies() async { await propertyCheck(count: 100, input: Arbitrary.tradesReply) { try checkAllPaths($0) } }
    @Test func latestPricesQueries() async { await propertyCheck(count: 50, input: Arbitrary.latestPricesQuery) { try checkAllPaths($0) } }
    @Test func latestPricesReplies() async { await propertyCheck(count: 100, input: Arbitrary.latestPricesReply) { try checkAllPaths($0) } }
    @Test func latestFundingQueries() async { await propertyCheck(count: 50, input: Arbitrary.latestFundingQuery) { try checkAllPaths($0) } }
    @Test func latestFundingReplies() async { await propertyCheck(count: 100, input: Arbitrary.latestFundingReply) { try checkAllPaths($0) } }
    @Test func coverageQueries() async { await propertyCheck(count: 50, input: Arbitrary.coverageQuery) { try checkAllPaths($0) } }
    @Test func coverageReplies() async { await propertyCheck(count: 100, input: Arbitrary.coverageReply) { try checkAllPaths($0) } }

    @Test func featureSnapshots() async { await propertyCheck(count: 100, input: Arbitrary.featureSnapshot) { try checkAllPaths($0) } }
    @Test func scoringJobs() async { await propertyCheck(count: 100, input: Arbitrary.scoringJob) { try checkAllPaths($0) } }
    @Test func modelDecisions() async { await propertyCheck(count: 200, input: Arbitrary.decision) { try checkAllPaths($0) } }
    @Test func decisionAcks() async { await propertyCheck(count: 50, input: Arbitrary.decisionAck) { try checkAllPaths($0) } }
    @Test func roundRecords() async { await propertyCheck(count: 100, input: Arbitrary.roundRecord) { try checkAllPaths($0) } }
    @Test func accountStates() async { await propertyCheck(count: 100, input: Arbitrary.account) { try checkAllPaths($0) } }

    @Test func verdicts() async { await propertyCheck(count: 100, input: Arbitrary.verdict) { try checkAllPaths($0) } }
    @Test func stateChanges() async { await propertyCheck(count: 100, input: Arbitrary.stateChange) { try checkAllPaths($0) } }
    @Test func controls() async { await propertyCheck(count: 100, input: Arbitrary.control) { try checkAllPaths($0) } }
    @Test func controlReplies() async { await propertyCheck(count: 100, input: Arbitrary.controlReply) { try checkAllPaths($0) } }
    @Test func orderCommands() async { await propertyCheck(count: 100, input: Arbitrary.orderCommand) { try checkAllPaths($0) } }
    @Test func orderCommandAcks() async { await propertyCheck(count: 50, input: Arbitrary.orderCommandAck) { try checkAllPaths($0) } }
    @Test func orderEvents() async { await propertyCheck(count: 100, input: Arbitrary.orderEvent) { try checkAllPaths($0) } }
    @Test func fills() async { await propertyCheck(count: 100, input: Arbitrary.fill) { try checkAllPaths($0) } }
    @Test func fundingPayments() async { await propertyCheck(count: 100, input: Arbitrary.fundingPayment) { try checkAllPaths($0) } }
    @Test func venueReports() async { await propertyCheck(count: 100, input: Arbitrary.venueReport) { try checkAllPaths($0) } }
    @Test func venueInstructions() async { await propertyCheck(count: 100, input: Arbitrary.venueInstruction) { try checkAllPaths($0) } }

    @Test func everyRegisteredTypeIsCoveredHere() {
        let covered: Set<String> = [
            "Trade", "Bar", "BookTop", "FundingRate", "Liquidation", "BookDepth", "Positioning", "BarsQuery", "BarsReply", "TradesQuery", "TradesReply",
            "LatestPricesQuery", "LatestPricesReply", "LatestFundingQuery", "LatestFundingReply", "CoverageQuery",
            "CoverageReply", "Heartbeat", "Alert", "ControlRequest", "ServiceStatus", "PaceMark", "ErrorReply",
            "FeatureSnapshot", "ScoringJob", "ModelDecision", "DecisionAck", "RoundRecord", "AccountState",
            "RiskVerdict", "TradingStateChange", "TradingControl", "TradingControlReply", "OrderCommand", "OrderCommandAck",
            "OrderEvent", "Fill", "FundingPayment", "VenueReport", "VenueInstruction",
        ]
        #expect(Set(MessageRegistry.all.map { $0.wireType.name }) == covered)
    }

    @Test func typeIDsAndNamesAreUnique() {
        let ids = MessageRegistry.all.map { $0.wireType.id }
        #expect(Set(ids).count == ids.count)
        #expect(Set(MessageRegistry.all.map { $0.wireType.name }).count == ids.count)
    }
}

/// The hand-written record forms write exactly the generic Codable bytes and
/// read them back identically, including for every decimal and timestamp extreme.
@Suite(.cpuBound) struct BinaryRecordEquivalenceTests {
    func checkEquivalent<M: WireMessage & BinaryRecord & Equatable>(_ message: M) throws {
        var w = WireWriter()
        message.writeBinary(to: &w)
        let generic = try BinaryEncoder().encode(message)
        #expect(w.bytes == generic)
        #expect(try M.decodeBinaryBody(generic, limits: .default) == message)
    }

    @Test func trades() async { await propertyCheck(count: 300, input: Arbitrary.trade) { try checkEquivalent($0) } }
    @Test func bars() async { await propertyCheck(count: 300, input: Arbitrary.bar) { try checkEquivalent($0) } }
    @Test func bookTops() async { await propertyCheck(count: 300, input: Arbitrary.bookTop) { try checkEquivalent($0) } }
    @Test func fundingRates() async { await propertyCheck(count: 300, input: Arbitrary.funding) { try checkEquivalent($0) } }
    @Test func liquidations() async { await propertyCheck(count: 300, input: Arbitrary.liquidation) { try checkEquivalent($0) } }
    @Test func positionings() async { await propertyCheck(count: 300, input: Arbitrary.positioning) { try checkEquivalent($0) } }

    @Test func metadataRecordMatchesCodable() throws {
        for m in [MessageRoundTripTests.metadata, WireSamples.metadata] {
            var w = WireWriter()
            m.writeBinary(to: &w)
            #expect(w.bytes == (try BinaryEncoder().encode(m)))
        }
    }

    @Test func extremesAreEquivalent() throws {
        for raw in [Int128.min, Int128.max, 0, -1, 1, Int128(Int64.max) + 1, Int128(Int64.min) - 1] {
            var t = WireSamples.all[0].message as! Trade
            t.price = FixedDecimal(raw: raw)
            t.eventTime = Timestamp(nanoseconds: raw > 0 ? .max : .min)
            try checkEquivalent(t)
        }
    }

    @Test func recordReadingRejectsWhatCodableRejects() throws {
        var t = WireSamples.all[0].message as! Trade
        var bytes = try BinaryEncoder().encode(t)
        // Corrupt the market enum ("SPOT" → "SPOX").
        let spot = Array("SPOT".utf8)
        let at = (0...(bytes.count - 4)).first { Array(bytes[$0..<$0 + 4]) == spot }!
        bytes[at + 3] = UInt8(ascii: "X")
        #expect(throws: WireError.self) { try Trade.decodeBinaryBody(bytes, limits: .default) }
        #expect(throws: WireError.self) { try BinaryDecoder().decode(Trade.self, from: bytes) }
        t.symbol = Symbol(unchecked: "bad symbol")
        let badSymbol = try BinaryEncoder().encode(t)
        #expect(throws: WireError.invalidValue(path: "symbol", reason: "invalid symbol \"BAD SYMBOL\": contains a character outside the allowed set")) {
            try Trade.decodeBinaryBody(badSymbol, limits: .default)
        }
        #expect(throws: WireError.invalidValue(path: "symbol", reason: "invalid symbol \"BAD SYMBOL\": contains a character outside the allowed set")) {
            try BinaryDecoder().decode(Trade.self, from: badSymbol)
        }
    }
}
