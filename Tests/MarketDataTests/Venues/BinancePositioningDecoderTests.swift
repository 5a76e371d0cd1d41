import ArenaCore
import ArenaTesting
import Foundation
import MarketData
import Testing

/// The USDⓈ-M positioning statistics (`/futures/data/…`) decode into exact
/// decimals; a malformed body, a missing field and a wrong value are typed
/// errors naming the row and field.
@Suite(.cpuBound) struct BinancePositioningDecoderTests {
    let rest = BinanceRESTDecoder(venue: try! VenueID("binance-usdm"), market: .perpetual)
    let btc = try! Symbol("BTCUSDT")

    // Binance's documented response examples (developers.binance.com, USDⓈ-M
    // market data), without their `//` comments and trailing commas, which
    // make the page's text invalid JSON. They write `timestamp` as a string.
    static let openInterestExample = #"""
        [{"symbol":"BTCUSDT","sumOpenInterest":"20403.63700000","sumOpenInterestValue": "150570784.07809979","timestamp":"1583127900000"},
         {"symbol":"BTCUSDT","sumOpenInterest":"20401.36700000","sumOpenInterestValue":"149940752.14464448","timestamp":"1583128200000"}]
        """#
    static let longShortExample = #"""
        [{"symbol":"BTCUSDT","longShortRatio":"0.1960","longAccount": "0.6622","shortAccount":"0.3378","timestamp":"1583139600000"},
         {"symbol":"BTCUSDT","longShortRatio":"1.9559","longAccount": "0.6617","shortAccount":"0.3382","timestamp":"1583139900000"}]
        """#
    static let topTraderExample = #"""
        [{"symbol":"BTCUSDT","longShortRatio":"1.8105","longAccount": "0.6442","shortAccount":"0.3558","timestamp":"1583139600000"},
         {"symbol":"BTCUSDT","longShortRatio":"0.5576","longAccount": "0.3580","shortAccount":"0.6420","timestamp":"1583139900000"}]
        """#

    /// The error `body` throws; records an issue when it throws none or another type.
    func failure<T>(_ body: () throws -> T) -> VenueMessageError? {
        do {
            let value = try body()
            Issue.record("expected an error, got \(value)")
            return nil
        } catch let error as VenueMessageError {
            return error
        } catch {
            Issue.record("expected a VenueMessageError, got \(error)")
            return nil
        }
    }

    @Test func openInterestExampleIsExact() throws {
        let points = try rest.openInterestHistory(Data(Self.openInterestExample.utf8), symbol: btc)
        #expect(points == [
            BinanceOpenInterestPoint(
                symbol: btc, openInterest: FixedDecimal("20403.637")!, openInterestValue: FixedDecimal("150570784.07809979")!,
                time: Timestamp(milliseconds: 1_583_127_900_000)
            ),
            BinanceOpenInterestPoint(
                symbol: btc, openInterest: FixedDecimal("20401.367")!, openInterestValue: FixedDecimal("149940752.14464448")!,
                time: Timestamp(milliseconds: 1_583_128_200_000)
            ),
        ])
        // Exact to the last digit: the raw value is the text's digits, never a Double's.
        #expect(points[0].openInterestValue.raw == 150_570_784_078_099_790_000)
    }

    @Test func accountRatioExamplesAreExact() throws {
        let global = try rest.accountRatios(Data(Self.longShortExample.utf8), symbol: btc, kind: "globalLongShortAccountRatio")
        #expect(global.map(\.longShortRatio) == [FixedDecimal("0.196")!, FixedDecimal("1.9559")!])
        #expect(global[1].longAccount == FixedDecimal("0.6617")! && global[1].shortAccount == FixedDecimal("0.3382")!)
        #expect(global.map(\.time) == [Timestamp(milliseconds: 1_583_139_600_000), Timestamp(milliseconds: 1_583_139_900_000)])
        let top = try rest.accountRatios(Data(Self.topTraderExample.utf8), symbol: btc, kind: "topLongShortAccountRatio")
        #expect(top.map(\.longAccount) == [FixedDecimal("0.6442")!, FixedDecimal("0.358")!])
        #expect(top[0].longShortRatio == FixedDecimal("1.8105")!)
    }

    @Test func numericTimestampsAndEmptyPagesDecode() throws {
        // What the live endpoints send: `timestamp` as a JSON number; and `[]` when there is nothing.
        let live = #"[{"symbol":"BTCUSDT","sumOpenInterest":"1","sumOpenInterestValue":"2","timestamp":1616438700000}]"#
        #expect(try rest.openInterestHistory(Data(live.utf8), symbol: btc).map(\.time) == [Timestamp(milliseconds: 1_616_438_700_000)])
        #expect(try rest.openInterestHistory(Data("[]".utf8), symbol: btc).isEmpty)
        #expect(try rest.accountRatios(Data("[]".utf8), symbol: btc, kind: "topLongShortAccountRatio").isEmpty)
    }

    @Test func malformedJSONIsNotJSON() {
        let cut = String(Self.openInterestExample.prefix(60))
        let error = failure { try rest.openInterestHistory(Data(cut.utf8), symbol: btc) }
        #expect(error?.problem == .notJSON && error?.kind == "openInterestHist")
        #expect(failure { try rest.openInterestHistory(Data(#"{"symbol":"BTCUSDT"}"#.utf8), symbol: btc) }?.problem == .notJSON)
    }

    @Test func aMissingFieldNamesItsRow() {
        let body = #"[{"symbol":"BTCUSDT","longShortRatio":"1.9559","longAccount":"0.6617","timestamp":1583139900000}]"#
        let error = failure { try rest.accountRatios(Data(body.utf8), symbol: btc, kind: "globalLongShortAccountRatio") }
        #expect(error?.problem == .missingField && error?.field == "[0].shortAccount" && error?.kind == "globalLongShortAccountRatio")
        let noTime = #"[{"symbol":"BTCUSDT","sumOpenInterest":"1","sumOpenInterestValue":"2"}]"#
        #expect(failure { try rest.openInterestHistory(Data(noTime.utf8), symbol: btc) }?.field == "[0].timestamp")
    }

    @Test(arguments: [
        (#""sumOpenInterest":"-1","sumOpenInterestValue":"2","timestamp":1583127900000"#, "[0].sumOpenInterest"),
        (#""sumOpenInterest":1.5,"sumOpenInterestValue":"2","timestamp":1583127900000"#, "[0].sumOpenInterest"),
        (#""sumOpenInterest":"1,5","sumOpenInterestValue":"2","timestamp":1583127900000"#, "[0].sumOpenInterest"),
        (#""sumOpenInterest":"1","sumOpenInterestValue":"2","timestamp":"soon""#, "[0].timestamp"),
        (#""sumOpenInterest":"1","sumOpenInterestValue":"2","timestamp":42"#, "[0].timestamp"),
    ])
    func badValuesAreInvalid(fields: String, field: String) {
        let body = #"[{"symbol":"BTCUSDT",\#(fields)}]"#
        let error = failure { try rest.openInterestHistory(Data(body.utf8), symbol: btc) }
        #expect(error?.problem == .invalidValue && error?.field == field)
    }

    @Test func aShareAboveOneAnotherSymbolAndAnErrorBodyAreRefused() {
        let share = #"[{"symbol":"BTCUSDT","longShortRatio":"1","longAccount":"1.2","shortAccount":"0.3","timestamp":1583139900000}]"#
        #expect(failure { try rest.accountRatios(Data(share.utf8), symbol: btc, kind: "topLongShortAccountRatio") }?.field == "[0].longAccount")
        let other = #"[{"symbol":"ETHUSDT","longShortRatio":"1","longAccount":"0.5","shortAccount":"0.5","timestamp":1583139900000}]"#
        #expect(failure { try rest.accountRatios(Data(other.utf8), symbol: btc, kind: "topLongShortAccountRatio") }?.field == "[0].symbol")
        let api = #"{"code":-1121,"msg":"Invalid symbol."}"#
        let error = failure { try rest.openInterestHistory(Data(api.utf8), symbol: btc) }
        #expect(error?.problem == .venueError && error?.reason.contains("-1121") == true)
    }
}
