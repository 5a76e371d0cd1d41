import ArenaTesting
import ArenaCore
import PropertyBased
import Testing
@testable import ArenaWire

/// The one mapping of market messages to topics and envelopes: every message
/// comes back from its own envelope in both codecs, topics follow the
/// protocol, and other message types are not market messages.
@Suite(.cpuBound) struct MarketMessageWireTests {
    /// `message` framed in `codec` and decoded through the mapping.
    static func decoded<M: WireMessage>(_ message: M, codec: WireCodec = .binary) throws -> MarketMessage? {
        try MarketMessage(Envelope(parsing: Envelope.frame(message, metadata: WireSamples.metadata, codec: codec)))
    }

    func roundTrip(_ message: MarketMessage) throws {
        for codec in WireCodec.allCases {
            #expect(try Self.decoded(message.wireMessage, codec: codec) == message)
        }
    }

    /// The golden samples that are market messages, decoded through the mapping.
    static func samples() throws -> [MarketMessage] {
        var out: [MarketMessage] = []
        for sample in WireSamples.all {
            if let message = try decoded(sample.message) { out.append(message) }
        }
        return out
    }

    @Test func trades() async { await propertyCheck(count: 100, input: Arbitrary.trade) { try roundTrip(.trade($0)) } }
    @Test func bars() async { await propertyCheck(count: 100, input: Arbitrary.bar) { try roundTrip(.bar($0)) } }
    @Test func bookTops() async { await propertyCheck(count: 100, input: Arbitrary.bookTop) { try roundTrip(.bookTop($0)) } }
    @Test func depths() async { await propertyCheck(count: 50, input: Arbitrary.bookDepth) { try roundTrip(.depth($0)) } }
    @Test func funding() async { await propertyCheck(count: 100, input: Arbitrary.funding) { try roundTrip(.funding($0)) } }
    @Test func liquidations() async { await propertyCheck(count: 100, input: Arbitrary.liquidation) { try roundTrip(.liquidation($0)) } }
    @Test func positionings() async { await propertyCheck(count: 100, input: Arbitrary.positioning) { try roundTrip(.positioning($0)) } }

    @Test func exactlyTheSevenMarketSamplesDecodeAndTheirTopicsFollowTheProtocol() throws {
        let samples = try Self.samples()
        #expect(samples.map(\.topic) == [
            "md.trade.BTCUSDT", "md.bar.5m.ETHUSDT", "md.book.BTCUSDT", "md.funding.BTCUSDT", "md.liq.SOLUSDT", "md.depth.BTCUSDT",
            "md.pos.BTCUSDT",
        ])
        #expect(samples.map { type(of: $0.wireMessage).wireType.id } == [1, 2, 3, 4, 5, 6, 7])
        #expect(samples.last?.topic.hasPrefix(MarketTopics.positioningPrefix) == true)
    }

    @Test func theWireTypesAreTheMarketDataRangeOfTheRegistry() {
        let ids = MarketMessage.wireTypes.map { $0.wireType.id }
        #expect(ids == MessageRegistry.all.prefix(ids.count).map { $0.wireType.id })
        #expect(MessageRegistry.all.dropFirst(ids.count).allSatisfy { $0.wireType.id >= 10 })
    }

    @Test func aMarketTypeWithABadBodyThrows() {
        let envelope = Envelope(
            codec: .binary, typeID: Trade.wireType.id, version: Trade.wireType.version, metadata: WireSamples.metadata, body: [0xFF]
        )
        #expect(throws: WireError.self) { try MarketMessage(envelope) }
    }

    @Test func theMessageTimeIsTheMarketTimeABarsIsItsClose() throws {
        for message in try Self.samples() {
            switch message {
            case .bar(let b): #expect(message.time == b.closeTime && message.time > b.openTime)
            default: #expect(message.time == Timestamp(milliseconds: 1_722_470_400_000))
            }
        }
    }
}
