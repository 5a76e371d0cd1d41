import ArenaCore
import FeaturesService
import Features
import Testing

/// When the arena clock may take a tick.
@Suite struct TickTriggerTests {
    static let btc = Symbol(unchecked: "BTCUSDT"), eth = Symbol(unchecked: "ETHUSDT")
    /// 2023-04-01 00:00 UTC.
    static let t0 = Timestamp(milliseconds: 1_680_307_200_000)

    static func bar(_ symbol: Symbol, minute: Int64, timeframe: Timeframe = .m1) -> MarketMessage {
        .bar(Bar(
            venue: VenueID(unchecked: "binance"), symbol: symbol, timeframe: timeframe, openTime: t0.advanced(by: .seconds(minute * 60)),
            open: FixedDecimal(1), high: FixedDecimal(1), low: FixedDecimal(1), close: FixedDecimal(1), volume: .zero,
            quoteVolume: nil, tradeCount: nil, takerBuyVolume: nil, isClosed: true
        ))
    }

    static func trade(_ symbol: Symbol, at seconds: Int64) -> MarketMessage {
        .trade(Trade(
            venue: VenueID(unchecked: "binance"), symbol: symbol, market: .spot, tradeID: seconds, price: FixedDecimal(1),
            quantity: FixedDecimal(1), takerSide: .buy, eventTime: t0.advanced(by: .seconds(seconds)), receiveTime: t0
        ))
    }

    static func feed(_ trigger: inout TickTrigger, _ event: MarketMessage) -> [Timestamp] {
        trigger.willApply(event)
        trigger.didApply(event)
        return trigger.due()
    }

    static func at(minute: Int64) -> Timestamp { t0.advanced(by: .seconds(minute * 60)) }

    @Test func aTickOnABarCloseWaitsForEverySymbolsBar() throws {
        var trigger = TickTrigger(schedule: try DecisionSchedule(intervalSeconds: 300), symbols: [Self.btc, Self.eth])
        // The first tick is the latest one reached, not every boundary since the epoch.
        _ = Self.feed(&trigger, Self.bar(Self.btc, minute: 3))
        #expect(Self.feed(&trigger, Self.bar(Self.eth, minute: 3)).isEmpty, "04:00 is not a 5-minute boundary")
        #expect(Self.feed(&trigger, Self.bar(Self.btc, minute: 4)).isEmpty, "ETH's bar closing at 05:00 is still missing")
        #expect(Self.feed(&trigger, Self.bar(Self.eth, minute: 4)) == [Self.at(minute: 5)])
        #expect(Self.feed(&trigger, Self.bar(Self.eth, minute: 4)).isEmpty, "never the same tick twice")
        // Trades after the boundary do not complete a bar-close tick.
        #expect(Self.feed(&trigger, Self.trade(Self.btc, at: 601)).isEmpty)
        #expect(Self.feed(&trigger, Self.trade(Self.eth, at: 601)).isEmpty)
    }

    @Test func aTickOnAnIndicatorBarCloseWaitsForEverySymbolsBarOfThatTimeframeToo() throws {
        var trigger = TickTrigger(schedule: try DecisionSchedule(intervalSeconds: 300), symbols: [Self.btc, Self.eth], indicatorTimeframe: .m5)
        _ = Self.feed(&trigger, Self.bar(Self.btc, minute: 3))
        _ = Self.feed(&trigger, Self.bar(Self.eth, minute: 3))
        // The gateway publishes each symbol's 1m bar and then its 5m bar closing at 05:00.
        #expect(Self.feed(&trigger, Self.bar(Self.btc, minute: 4)).isEmpty)
        #expect(Self.feed(&trigger, Self.bar(Self.btc, minute: 0, timeframe: .m5)).isEmpty)
        #expect(Self.feed(&trigger, Self.bar(Self.eth, minute: 4)).isEmpty, "ETH's 5m bar closing at 05:00 is still missing")
        #expect(Self.feed(&trigger, Self.bar(Self.eth, minute: 0, timeframe: .m5)) == [Self.at(minute: 5)])
        // A warm-up history orders the same bars 1m first: the same tick, at the same point.
        var history = TickTrigger(schedule: try DecisionSchedule(intervalSeconds: 300), symbols: [Self.btc, Self.eth], indicatorTimeframe: .m5)
        _ = Self.feed(&history, Self.bar(Self.btc, minute: 3))
        _ = Self.feed(&history, Self.bar(Self.eth, minute: 3))
        for event in [Self.bar(Self.btc, minute: 4), Self.bar(Self.eth, minute: 4), Self.bar(Self.btc, minute: 0, timeframe: .m5)] {
            #expect(Self.feed(&history, event).isEmpty)
        }
        #expect(Self.feed(&history, Self.bar(Self.eth, minute: 0, timeframe: .m5)) == [Self.at(minute: 5)])
    }

    @Test func aLaggingSymbolCannotStallTheClock() throws {
        var trigger = TickTrigger(schedule: try DecisionSchedule(intervalSeconds: 60), symbols: [Self.btc, Self.eth])
        _ = Self.feed(&trigger, Self.bar(Self.btc, minute: 0))
        _ = Self.feed(&trigger, Self.bar(Self.eth, minute: 0))
        #expect(Self.feed(&trigger, Self.bar(Self.btc, minute: 1)).isEmpty)
        // BTC runs a whole minute past 00:02 while ETH is silent: 00:02 is taken, 00:03 waits.
        #expect(Self.feed(&trigger, Self.bar(Self.btc, minute: 2)) == [Self.at(minute: 2)])
        #expect(Self.feed(&trigger, Self.bar(Self.eth, minute: 2)) == [Self.at(minute: 3)])
    }

    @Test func ticksOfSecondsFollowTradesAndCatchUpInOrder() throws {
        var trigger = TickTrigger(schedule: try DecisionSchedule(intervalSeconds: 10), symbols: [Self.btc])
        #expect(Self.feed(&trigger, Self.trade(Self.btc, at: 12)) == [Self.t0.advanced(by: .seconds(10))])
        #expect(Self.feed(&trigger, Self.trade(Self.btc, at: 19)).isEmpty)
        #expect(Self.feed(&trigger, Self.trade(Self.btc, at: 45)) == [20, 30, 40].map { Self.t0.advanced(by: .seconds($0)) })
        // A boundary on the minute waits for the bar even when trades passed it.
        #expect(Self.feed(&trigger, Self.trade(Self.btc, at: 61)) == [Self.t0.advanced(by: .seconds(50))])
        #expect(Self.feed(&trigger, Self.bar(Self.btc, minute: 0)) == [Self.at(minute: 1)])
    }
}
