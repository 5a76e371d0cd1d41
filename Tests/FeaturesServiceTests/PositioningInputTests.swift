import ArenaCore
import Features
import Testing
@testable import FeaturesService

/// The feature engine takes the gateway's positioning statistics: it
/// subscribes to `md.pos.`, and the warm-up history (which never holds
/// them) does not count a late-arriving point as already seen.
@Suite struct PositioningInputTests {
    static let btc = Symbol(unchecked: "BTCUSDT")

    @Test func theEngineSubscribesToPositioning() {
        for timeframe in [Timeframe.m1, .m5] {
            #expect(FeaturesComponent.marketTopics(indicatorTimeframe: timeframe).contains(MarketTopics.positioningPrefix))
        }
        #expect(MarketTopics.positioning(Self.btc).hasPrefix(MarketTopics.positioningPrefix))
    }

    @Test func theWarmUpNeverCoversAPositioningPoint() {
        let end = Timestamp(milliseconds: 1_723_161_000_000)
        var marks = WarmUp.Marks()
        marks.end[Self.btc] = end
        // Published minutes after its time: older than the history's end, and still new.
        let point = Positioning(
            venue: VenueID(unchecked: "binance-usdm"), symbol: Self.btc, longShortRatio: 2, eventTime: end.advanced(by: .seconds(-300))
        )
        #expect(!marks.covers(.positioning(point)))
        let funding = FundingRate(venue: VenueID(unchecked: "binance-usdm"), symbol: Self.btc, rate: 0, eventTime: end)
        #expect(marks.covers(.funding(funding)))
    }
}
