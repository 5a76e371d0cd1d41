import ArenaCore
import ArenaTesting
import Foundation
import LiveVenues
import Testing

@Suite(.timeLimit(.minutes(3))) struct OKXOrderTests {
    @Test func placesQueriesAndCancelsALimitOrder() async throws {
        try await OKXHarness.run { h in
            let rules = try #require(await h.client.instruments[spot])
            #expect(rules.tickSize == dec("0.1") && rules.lotSize == dec("0.0001") && rules.minSize == dec("0.001"))
            #expect(try #require(await h.client.instruments[swap]).contractValue == dec("0.01"))

            let request = spotOrder("pqc1", size: "0.01234567", price: "40000.19")
            let placement = try await h.client.placeOrder(request)
            #expect(placement.clientOrderID == "pqc1" && !placement.orderID.isEmpty)
            // Sent fitted to the rules: size down to the lot, a buy's price down to the tick.
            let held = try #require(h.fake.orders.first)
            #expect(held.sz == dec("0.0123") && held.px == dec("40000.1"))

            let queried = try await h.client.queryOrder(instrumentID: spot, clientOrderID: cid("pqc1"))
            #expect(queried.state == .live && queried.orderID == placement.orderID && queried.price == dec("40000.1"))
            #expect(queried.state.orderStatus == .accepted)
            #expect(try await h.client.pendingOrders(instrumentID: spot).map(\.clientOrderID) == ["pqc1"])
            let usdt = try #require(try await h.client.balances().first { $0.currency == "USDT" })
            #expect(usdt.cash == 100_000 && usdt.frozen == dec("0.0123") * dec("40000.1") && usdt.available == usdt.cash - usdt.frozen)

            let cancelled = try await h.client.cancelOrder(instrumentID: spot, clientOrderID: cid("pqc1"))
            #expect(cancelled.orderID == placement.orderID)
            #expect(try await h.client.queryOrder(instrumentID: spot, clientOrderID: cid("pqc1")).state == .canceled)
            #expect(try await h.client.pendingOrders().isEmpty)
            // Cancelling again: 51400, a refusal (nothing changed).
            await #expect(throws: OKXVenueError.api(.cancelFailedNotOpen, message: "Order cancellation failed as the order has been filled, canceled or does not exist.", httpStatus: 200)) {
                try await h.client.cancelOrder(instrumentID: spot, clientOrderID: cid("pqc1"))
            }
            // An order the venue never had: 51603.
            do throws(OKXVenueError) {
                _ = try await h.client.queryOrder(instrumentID: spot, clientOrderID: cid("never"))
                Issue.record("query of an unknown order succeeded")
            } catch {
                guard case .api(.orderNotExist, _, _) = error else { throw error }
            }
            #expect(h.fake.productionRequests == 0)
        }
    }

    @Test func eachInstrumentRuleViolationIsRefusedLocally() async throws {
        try await OKXHarness.run { h in
            func order(
                _ inst: Symbol = spot, _ mode: OKXTradeMode = .cash, type: OKXOrderType = .limit, size: String = "0.01", price: String? = "40000",
                id: String = "rule1"
            ) -> OKXOrderRequest {
                OKXOrderRequest(
                    instrumentID: inst, tradeMode: mode, side: .buy, type: type, size: dec(size), price: price.map(dec), clientOrderID: cid(id)
                )
            }
            let cases: [(OKXOrderRequest, OKXOrderRefusal)] = [
                (order(size: "0.0009"), .sizeBelowMinimum(size: dec("0.0009"), minimum: dec("0.001"))),
                // Rounded down to the lot first: 0.00009 is no lot at all.
                (order(size: "0.00009"), .sizeBelowMinimum(size: .zero, minimum: dec("0.001"))),
                (order(type: .market, size: "100.5", price: nil), .sizeAboveMaximum(size: dec("100.5"), maximum: 100)),
                (order(size: "10000.5"), .sizeAboveMaximum(size: dec("10000.5"), maximum: 10_000)),
                (order(price: nil), .missingPrice),
                (order(price: "0.05"), .notPositive("price")),
                (order(size: "-1"), .notPositive("size")),
                (order(swap, .cash, size: "1"), .tradeModeNotAllowed(.cash, .swap)),
                (order(spot, .cross), .tradeModeNotAllowed(.cross, .spot)),
                (order(id: "has-dash"), .invalidClientOrderID("has-dash")),
                (order(try Symbol("ETH-USDT")), .unknownInstrument(try Symbol("ETH-USDT"))),
            ]
            for (request, refusal) in cases {
                await #expect(throws: OKXVenueError.refused(refusal)) { try await h.client.placeOrder(request) }
            }
            #expect(OKXVenueError.refused(.missingPrice).outcome == .rejected)
            #expect(h.fake.requests("POST /api/v5/trade/order") == 0)
            #expect(h.fake.orders.isEmpty)
        }
    }

    @Test func anInstrumentWithoutRulesIsRefusedBeforeLoading() async throws {
        try await OKXHarness.run(loadInstruments: false) { h in
            await #expect(throws: OKXVenueError.refused(.unknownInstrument(spot))) { try await h.client.placeOrder(spotOrder("early1", size: "0.01")) }
            #expect(h.fake.requestsByPath.isEmpty)
        }
    }

    @Test func aSwapOrderIsSizedInContracts() async throws {
        try await OKXHarness.run { h in
            let rules = try #require(await h.client.instruments[swap])
            // 0.0567 BTC at 0.01 BTC a contract: 5.67 contracts, the lot 0.01 keeps it.
            #expect(try rules.size(forBase: dec("0.0567")) == dec("5.67"))
            #expect(try rules.size(forBase: dec("0.05678")) == dec("5.67"))
            let request = OKXOrderRequest(
                instrumentID: swap, tradeMode: .cross, side: .sell, type: .limit, size: dec("5.678"), price: dec("50000.01"),
                clientOrderID: cid("swap1"), reduceOnly: false
            )
            _ = try await h.client.placeOrder(request)
            let held = try #require(h.fake.orders.first)
            // A sell's price goes UP to the tick: never a worse price than asked.
            #expect(held.sz == dec("5.67") && held.px == dec("50000.1") && held.tdMode == "cross")
        }
    }

    @Test func aDuplicateClientOrderIDIsRefusedByTheVenue() async throws {
        try await OKXHarness.run { h in
            let request = spotOrder("dup1", size: "0.01", price: "40000")
            _ = try await h.client.placeOrder(request)
            do throws(OKXVenueError) {
                _ = try await h.client.placeOrder(request)
                Issue.record("a duplicate clOrdId was placed")
            } catch {
                guard case .api(.duplicatedClientOrderID, _, _) = error else { throw error }
                #expect(error.outcome == .rejected)
            }
            #expect(h.fake.requests("POST /api/v5/trade/order") == 2)
            #expect(h.fake.orders.count == 1)
        }
    }

    @Test func insufficientBalanceIsARejection() async throws {
        try await OKXHarness.run { h in
            let request = spotOrder("poor1", .sell, size: "5", price: "60000")
            do throws(OKXVenueError) {
                _ = try await h.client.placeOrder(request)
                Issue.record("an unfunded order was placed")
            } catch {
                guard case .api(.insufficientBalance, _, 200) = error else { throw error }
                #expect(error.outcome == .rejected)
            }
            #expect(h.fake.orders.isEmpty)
        }
    }
}
