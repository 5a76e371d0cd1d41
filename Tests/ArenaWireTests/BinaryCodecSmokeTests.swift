import Testing
import ArenaCore
@testable import ArenaWire

@Test func tradeRoundTrips() throws {
    let t = Trade(venue: try VenueID("binance"), symbol: try Symbol("BTCUSDT"), market: .spot, tradeID: 3_012_345_678,
                  price: try FixedDecimal(parsing: "67124.45"), quantity: try FixedDecimal(parsing: "0.00123"),
                  takerSide: .buy, eventTime: Timestamp(milliseconds: 1_722_470_400_123), receiveTime: Timestamp(nanoseconds: 1_722_470_400_125_000_000))
    let bytes = try BinaryEncoder().encode(t)
    #expect(try BinaryDecoder().decode(Trade.self, from: bytes) == t)
}
