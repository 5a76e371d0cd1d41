import ArenaCore
import ArenaTesting
import Foundation
import LiveVenues
import Testing

@Suite struct FilterTests {
    /// A spot `exchangeInfo` symbol with the legacy MIN_NOTIONAL and a USDⓈ-M one, in the documented shapes.
    @Test func parsesSpotAndUSDMFiltersIntoExactDecimals() throws {
        let spot = #"""
        {"timezone":"UTC","serverTime":1565246363776,"rateLimits":[],"symbols":[{"symbol":"ETHBTC","status":"TRADING","filters":[
          {"filterType":"PRICE_FILTER","minPrice":"0.00000100","maxPrice":"100000.00000000","tickSize":"0.00000100"},
          {"filterType":"LOT_SIZE","minQty":"0.00100000","maxQty":"100000.00000000","stepSize":"0.00100000"},
          {"filterType":"MIN_NOTIONAL","minNotional":"0.00100000","applyToMarket":true,"avgPriceMins":5},
          {"filterType":"ICEBERG_PARTS","limit":10}]}]}
        """#
        let f = try #require(try SymbolFilters.parse(exchangeInfo: Data(spot.utf8))[Symbol("ETHBTC")])
        #expect(f.price.step == FixedDecimal("0.000001"))
        #expect(f.lot.minimum == FixedDecimal("0.001"))
        #expect(f.minNotional == FixedDecimal("0.001"))
        #expect(f.unchecked == ["ICEBERG_PARTS"])
        let usdm = #"""
        {"symbols":[{"symbol":"BTCUSDT","filters":[
          {"filterType":"PRICE_FILTER","minPrice":"556.80","maxPrice":"4529764","tickSize":"0.10"},
          {"filterType":"LOT_SIZE","minQty":"0.001","maxQty":"1000","stepSize":"0.001"},
          {"filterType":"MARKET_LOT_SIZE","minQty":"0.001","maxQty":"120","stepSize":"0.001"},
          {"filterType":"MIN_NOTIONAL","notional":"100"}]}]}
        """#
        let g = try #require(try SymbolFilters.parse(exchangeInfo: Data(usdm.utf8))[Symbol("BTCUSDT")])
        #expect(g.minNotional == 100)
        #expect(g.marketLot?.maximum == 120)
        #expect(g.price.minimum == FixedDecimal("556.8"))
    }

    /// Both notional filters on one symbol: the stricter minimum; a minimum that spares market orders lets
    /// a market order go without a reference price.
    @Test func bothNotionalFiltersTakeTheStricterAndApplyToMarketIsRead() throws {
        let body = #"""
        {"symbols":[{"symbol":"BTCUSDT","filters":[
          {"filterType":"LOT_SIZE","minQty":"0.00001000","maxQty":"9000.00000000","stepSize":"0.00001000"},
          {"filterType":"MIN_NOTIONAL","minNotional":"5.00000000","applyToMarket":false,"avgPriceMins":5},
          {"filterType":"NOTIONAL","minNotional":"10.00000000","applyMinToMarket":false,"maxNotional":"9000000.00000000","applyMaxToMarket":false,"avgPriceMins":5}]}]}
        """#
        let f = try #require(try SymbolFilters.parse(exchangeInfo: Data(body.utf8))[Symbol("BTCUSDT")])
        #expect(f.minNotional == 10 && f.maxNotional == 9_000_000)
        #expect(!f.minNotionalAppliesToMarket)
        let market = BinanceOrderRequest(
            symbol: try Symbol("BTCUSDT"), side: .buy, type: .market, quantity: FixedDecimal("0.000019")!, clientOrderID: try ClientOrderID("m")
        )
        #expect(try f.prepare(market, market: .spot).quantity == FixedDecimal("0.00001"))
    }

    /// Every violation is refused with its typed reason, and the fake saw no order request at all.
    @Test func everyViolationIsRefusedLocallyAndNothingIsSent() async throws {
        try await Harness.with { h in
            typealias O = Harness
            let cases: [(BinanceOrderRequest, OrderRefusal)] = [
                (O.order(quantity: "0.0004", price: "30000", id: "q-low"), .quantityBelowMinimum(quantity: .zero, minimum: FixedDecimal("0.001")!)),
                (O.order(quantity: "2000", price: "30", id: "q-high"), .quantityAboveMaximum(quantity: 2_000, maximum: 1_000)),
                (O.order(.market, quantity: "150", id: "q-mkt", reference: "50000"), .quantityAboveMaximum(quantity: 150, maximum: 100)),
                (O.order(quantity: "1", price: "0.001", id: "p-low"), .priceBelowMinimum(price: .zero, minimum: FixedDecimal("0.01")!)),
                (O.order(quantity: "0.001", price: "2000000", id: "p-high"), .priceAboveMaximum(price: 2_000_000, maximum: 1_000_000)),
                (O.order(quantity: "0.001", price: "5000", id: "n-low"), .notionalBelowMinimum(notional: 5, minimum: 10)),
                (O.order(quantity: "999", price: "10000", id: "n-high"), .notionalAboveMaximum(notional: 9_990_000, maximum: 9_000_000)),
                (O.order(.market, quantity: "0.01", id: "no-ref"), .noReferencePrice),
                (O.order(.limit, quantity: "0.01", id: "no-price"), .missingPrice("price")),
                (O.order(.stopMarket, quantity: "0.01", stop: "40000", id: "stop-mkt"), .unsupportedType(.stopMarket, .spot)),
            ]
            for (request, reason) in cases {
                await #expect(throws: BinanceVenueError.refused(reason)) { try await h.client.placeOrder(request) }
            }
            var unknown = Harness.order(quantity: "1", price: "100", id: "unknown-symbol")
            unknown.symbol = try Symbol("ETHUSDT")
            await #expect(throws: BinanceVenueError.refused(.unknownSymbol(unknown.symbol))) { try await h.client.placeOrder(unknown) }
            #expect(BinanceVenueError.refused(.noReferencePrice).outcome == .rejected)
            #expect(h.fake.requests("POST /api/v3/order") == 0)
            #expect(h.fake.placementsAccepted == 0)
        }
    }

    /// The quantity goes down to the step, a buy's price down to the tick (a sell's up): the fake, which
    /// refuses an off-step value with -1013, accepts what was sent.
    @Test func quantityRoundedDownToTheStepAndPriceToTheTick() async throws {
        try await Harness.with { h in
            let buy = try await h.client.placeOrder(Harness.order(quantity: "0.0019", price: "30000.019", id: "round-buy"))
            #expect(buy.originalQuantity == FixedDecimal("0.001"))
            #expect(buy.price == FixedDecimal("30000.01"))
            let sell = try await h.client.placeOrder(Harness.order(.limit, .sell, quantity: "0.0109", price: "60000.011", id: "round-sell"))
            #expect(sell.originalQuantity == FixedDecimal("0.01"))
            #expect(sell.price == FixedDecimal("60000.02"))
            #expect(h.fake.orders.map(\.quantity) == [FixedDecimal("0.001")!, FixedDecimal("0.01")!])
        }
    }

    /// An unknown symbol before `exchangeInfo` was loaded is refused too: no filters, no order.
    @Test func noFiltersLoadedMeansNoOrder() async throws {
        try await Harness.with(loadFilters: false) { h in
            await #expect(throws: BinanceVenueError.refused(.unknownSymbol(Harness.symbol))) {
                try await h.client.placeOrder(Harness.order(quantity: "0.01", price: "30000", id: "no-filters"))
            }
            #expect(h.fake.requests("POST /api/v3/order") == 0)
        }
    }
}
