import ArenaCore
import ArenaTesting
import Foundation
import LiveVenues
import Testing

@Suite struct TradingClientTests {
    @Test func limitOrderPlacedQueriedAndCancelled() async throws {
        try await Harness.with { h in
            let id = try ClientOrderID("limit-1")
            let placed = try await h.client.placeOrder(Harness.order(quantity: "0.01", price: "30000", id: id.value, tif: .gtc))
            #expect(placed.status == .new)
            #expect(placed.status.orderStatus == .accepted)
            #expect(placed.clientOrderID == id.value)
            let open = try await h.client.openOrders(symbol: Harness.symbol)
            #expect(open.map(\.clientOrderID) == [id.value])
            let queried = try await h.client.queryOrder(symbol: Harness.symbol, clientOrderID: id)
            #expect(queried.orderID == placed.orderID && queried.price == 30_000 && queried.originalQuantity == FixedDecimal("0.01"))
            let cancelled = try await h.client.cancelOrder(symbol: Harness.symbol, clientOrderID: id)
            #expect(cancelled.status == .canceled && cancelled.status.orderStatus == .cancelled)
            #expect(try await h.client.openOrders(symbol: Harness.symbol).isEmpty)
            // Cancelling it again, or querying an id never placed: the documented codes, definitely rejected.
            await #expect(throws: BinanceVenueError.api(.cancelRejected, message: "Unknown order sent.", httpStatus: 400, retryAfter: nil)) {
                try await h.client.cancelOrder(symbol: Harness.symbol, clientOrderID: id)
            }
            await #expect(throws: BinanceVenueError.api(.noSuchOrder, message: "Order does not exist.", httpStatus: 400, retryAfter: nil)) {
                try await h.client.queryOrder(symbol: Harness.symbol, clientOrderID: try ClientOrderID("never-placed"))
            }
            // Every request carried the key; the order answer carried the order counts.
            #expect(h.fake.apiKeysSeen == [h.credentials.apiKey])
            let limits = await h.client.rateLimits
            #expect(limits.usedWeight["1M"] != nil)
            #expect(limits.orderCount["10S"] == 1 && limits.orderCount["1D"] == 1)
        }
    }

    @Test func marketOrderFilledThroughTheFakeAndPartialFills() async throws {
        try await Harness.with { h in
            let filled = try await h.client.placeOrder(Harness.order(.market, quantity: "0.1", id: "mkt-1", reference: "50000"))
            #expect(filled.status == .filled && filled.executedQuantity == FixedDecimal("0.1"))
            #expect(filled.averagePrice == 50_000)
            // A resting order filled by the fake in two parts, then seen by query, account and trades.
            _ = try await h.client.placeOrder(Harness.order(quantity: "0.2", price: "49000", id: "rest-1"))
            h.fake.fill(clientOrderID: "rest-1", quantity: FixedDecimal("0.05"), price: 49_000)
            let partial = try await h.client.queryOrder(symbol: Harness.symbol, clientOrderID: try ClientOrderID("rest-1"))
            #expect(partial.status == .partiallyFilled && partial.executedQuantity == FixedDecimal("0.05"))
            h.fake.fill(clientOrderID: "rest-1", price: 49_000)
            let done = try await h.client.queryOrder(symbol: Harness.symbol, clientOrderID: try ClientOrderID("rest-1"))
            #expect(done.status == .filled && done.cumulativeQuote == 9_800)
            let account = try await h.client.account()
            #expect(account.balance("BTC")?.free == FixedDecimal("1.3"))
            // 14,800 USDT spent and a commission of 0.1 % of it (14.8) in the quote asset.
            #expect(account.balance("USDT")?.free == FixedDecimal("85185.2"))
            #expect(account.canWithdraw == false)
            let trades = try await h.client.trades(symbol: Harness.symbol)
            #expect(trades.map(\.quantity) == [FixedDecimal("0.1")!, FixedDecimal("0.05")!, FixedDecimal("0.15")!])
            #expect(trades.allSatisfy { $0.isBuyer && $0.commissionAsset == "USDT" })
            #expect(trades.map(\.commission) == [FixedDecimal("5")!, FixedDecimal("2.45")!, FixedDecimal("7.35")!])
        }
    }

    @Test func duplicateClientOrderIDIsRejected() async throws {
        try await Harness.with { h in
            _ = try await h.client.placeOrder(Harness.order(quantity: "0.01", price: "30000", id: "dup-1"))
            let error = await failure { try await h.client.placeOrder(Harness.order(quantity: "0.02", price: "31000", id: "dup-1")) }
            #expect(error == .api(.newOrderRejected, message: "Duplicate order sent.", httpStatus: 400, retryAfter: nil))
            #expect(error?.outcome == .rejected)
            #expect(h.fake.placementsAccepted == 1)
        }
    }

    @Test func insufficientBalanceIsRejectedMinus2010AndMarginMinus2019() async throws {
        try await Harness.with { h in
            let error = await failure { try await h.client.placeOrder(Harness.order(quantity: "10", price: "20000", id: "too-big")) }
            #expect(error == .api(.newOrderRejected, message: "Account has insufficient balance for requested action.", httpStatus: 400, retryAfter: nil))
            #expect(error?.outcome == .rejected)
        }
        try await Harness.with(.usdm) { h in
            let error = await failure { try await h.client.placeOrder(Harness.order(quantity: "10", price: "20000", id: "too-big")) }
            #expect(error == .api(.marginNotSufficient, message: "Margin is insufficient.", httpStatus: 400, retryAfter: nil))
            #expect(error?.outcome == .rejected)
        }
    }

    /// The fake's clock 5 s ahead: with the skew correction nothing fails; without it, -1021, typed.
    @Test func clockSkewAvoidedByCorrectionAndTypedWithout() async throws {
        try await Harness.with(client: { $0.recvWindow = 2_000 }) { h in
            h.fake.skewClock(milliseconds: 5_000)
            let account = try await h.client.account()
            #expect(account.canTrade)
            let offset = await h.client.serverClock.offsetMilliseconds
            #expect(abs(offset - 5_000) < 1_000)
            // The venue's clock jumps after the measurement: one -1021, typed; it is measured again, and the next call passes.
            h.fake.skewClock(milliseconds: -4_000)
            await #expect(throws: BinanceVenueError.api(.invalidTimestamp, message: "Timestamp for this request was 1000ms ahead of the server's time.", httpStatus: 400, retryAfter: nil)) {
                try await h.client.account()
            }
            _ = try await h.client.account()
            #expect(abs(await h.client.serverClock.offsetMilliseconds + 4_000) < 1_000)
        }
        try await Harness.with(client: { $0.recvWindow = 2_000; $0.skewCorrection = false }) { h in
            h.fake.skewClock(milliseconds: 5_000)
            let error = await failure { try await h.client.account() }
            #expect(error == .api(.invalidTimestamp, message: "Timestamp for this request is outside of the recvWindow.", httpStatus: 400, retryAfter: nil))
            #expect(error?.outcome == .clockSkew)
        }
    }

    /// After a 429 with Retry-After, the client refuses locally (the fake counts no request) until it has passed.
    @Test func rateLimitHonoured() async throws {
        try await Harness.with { h in
            // Measured first: the first signed call would otherwise spend a request of the budget on the time.
            try await h.client.synchronizeTime()
            h.fake.setWeightBudget(2, window: .seconds(2))
            _ = try await h.client.openOrders()
            _ = try await h.client.openOrders()
            let limitedAt = ContinuousClock.now
            let error = await failure { try await h.client.openOrders() }
            guard case .api(.tooManyRequests, _, 429, let retryAfter?) = error else { Issue.record("\(String(describing: error))"); return }
            #expect(retryAfter >= .seconds(1) && retryAfter <= .seconds(2))
            #expect(error?.outcome == .retryAfter(retryAfter))
            #expect(h.fake.requests("GET /api/v3/openOrders") == 3)
            guard case .rateLimitedLocally = await failure({ try await h.client.openOrders() }) else { Issue.record("not refused locally"); return }
            #expect(h.fake.requests("GET /api/v3/openOrders") == 3)
            // Poll until it goes again: every refusal before that was local.
            let passed = await within(.seconds(20)) {
                do {
                    _ = try await h.client.openOrders()
                    return true
                } catch { return false }
            }
            #expect(passed)
            #expect(ContinuousClock.now - limitedAt >= .milliseconds(900))
            #expect(h.fake.requests("GET /api/v3/openOrders") == 4)
        }
    }

    /// The fake accepts and fills the order but answers after the client gave up: unknown, resolved by
    /// query to exactly one filled order; a retry with the same client id cannot make a second one.
    @Test func timedOutPlacementResolvesToExactlyOneFilledOrder() async throws {
        try await Harness.with(client: { $0.requestTimeout = .milliseconds(300) }) { h in
            h.fake.injectPlacementFault(.acceptThenHold(.seconds(2)))
            let request = Harness.order(.market, quantity: "0.1", id: "timeout-1", reference: "50000")
            let error = await failure { try await h.client.placeOrder(request) }
            #expect(error == .timedOut)
            #expect(error?.outcome == .unknown)
            let resolution = try await h.client.resolveUnknown(symbol: Harness.symbol, clientOrderID: request.clientOrderID)
            guard case .found(let order) = resolution else { Issue.record("\(resolution)"); return }
            #expect(order.status == .filled && order.executedQuantity == FixedDecimal("0.1"))
            // A careless retry under the same client id is refused by the venue: still one order.
            await #expect(throws: BinanceVenueError.api(.newOrderRejected, message: "Duplicate order sent.", httpStatus: 400, retryAfter: nil)) {
                try await h.client.placeOrder(request)
            }
            #expect(h.fake.placementsAccepted == 1)
            #expect(h.fake.orders.filter { $0.clientOrderID == "timeout-1" }.count == 1)
            #expect(h.fake.requests("POST /api/v3/order") == 2)
        }
    }

    /// A 5xx is unknown: resolved to the order when the venue had placed it, to "not found" once the
    /// request's recvWindow has passed when it had not.
    @Test func serverErrorIsUnknownAndResolvedBothWays() async throws {
        try await Harness.with(client: { $0.recvWindow = 1_000 }) { h in
            h.fake.injectPlacementFault(.serverError(status: 503, accept: true))
            let placed = Harness.order(quantity: "0.01", price: "30000", id: "5xx-placed")
            let error = await failure { try await h.client.placeOrder(placed) }
            guard case .http(503, _, _) = error else { Issue.record("\(String(describing: error))"); return }
            #expect(error?.outcome == .unknown)
            guard case .found(let order) = try await h.client.resolveUnknown(symbol: Harness.symbol, clientOrderID: placed.clientOrderID) else {
                Issue.record("not found"); return
            }
            #expect(order.status == .new)

            h.fake.injectPlacementFault(.serverError(status: 503, accept: false))
            let lost = Harness.order(quantity: "0.01", price: "30000", id: "5xx-lost")
            #expect(await failure { try await h.client.placeOrder(lost) }?.outcome == .unknown)
            let start = ContinuousClock.now
            #expect(try await h.client.resolveUnknown(symbol: Harness.symbol, clientOrderID: lost.clientOrderID) == .notFound)
            // "Not found" only after the placement could no longer be accepted.
            #expect(ContinuousClock.now - start >= .milliseconds(500))
            #expect(h.fake.placementsAccepted == 1)
        }
    }

    @Test func usdmOrdersAndAccount() async throws {
        var fake = FakeBinance.Configuration()
        fake.canWithdraw = true
        try await Harness.with(.usdm, fake: fake) { h in
            let stop = try await h.client.placeOrder(Harness.order(.stopMarket, .sell, quantity: "0.01", stop: "45000", id: "usdm-stop"))
            #expect(stop.type == "STOP_MARKET" && stop.stopPrice == 45_000 && stop.status == .new)
            _ = try await h.client.placeOrder(Harness.order(.market, quantity: "0.01", id: "usdm-mkt", reference: "50000"))
            let open = try await h.client.openOrders(symbol: Harness.symbol)
            #expect(open.map(\.clientOrderID) == ["usdm-stop"])
            _ = try await h.client.cancelOrder(symbol: Harness.symbol, clientOrderID: try ClientOrderID("usdm-stop"))
            let trades = try await h.client.trades(symbol: Harness.symbol)
            #expect(trades.count == 1 && trades[0].price == 50_000 && trades[0].isBuyer)
            let account = try await h.client.account()
            #expect(account.canWithdraw == true)
            #expect(account.balance("USDT") != nil)
            await #expect(throws: BinanceVenueError.refused(.unsupportedType(.stopLossLimit, .usdm))) {
                try await h.client.placeOrder(Harness.order(.stopLossLimit, quantity: "0.01", price: "40000", stop: "41000", id: "x"))
            }
            #expect(await h.client.rateLimits.orderCount["1M"] == 2)
            #expect(h.fake.requests("GET /fapi/v2/account") == 1)
        }
    }

    /// A signature made with the wrong secret is refused by the fake with -1022, and nothing is placed.
    @Test func badSignatureIsRejected() async throws {
        let fake = try await FakeBinance()
        let client = BinanceTradingClient(
            environment: .local(.spot, baseURL: fake.baseURL),
            credentials: try BinanceCredentials(apiKey: FakeBinance.Configuration().apiKey, secretKey: "not-the-secret")
        )
        let error = await failure { try await client.account() }
        #expect(error == .api(.invalidSignature, message: "Signature for this request is not valid.", httpStatus: 400, retryAfter: nil))
        await fake.stop()
    }

    /// Nothing logged by the client (at trace level, across every call) shows the secret or the whole key.
    @Test func credentialsNeverInTheLogs() async throws {
        try await Harness.with { h in
            _ = try await h.client.placeOrder(Harness.order(quantity: "0.01", price: "30000", id: "log-1"))
            _ = try await h.client.queryOrder(symbol: Harness.symbol, clientOrderID: try ClientOrderID("log-1"))
            _ = try? await h.client.placeOrder(Harness.order(quantity: "0.01", price: "30000", id: "log-1"))
            _ = try await h.client.account()
            let lines = h.logs.all.map(\.line)
            #expect(!lines.isEmpty)
            let secret = FakeBinance.Configuration().secretKey, key = FakeBinance.Configuration().apiKey
            for line in lines {
                #expect(!line.contains(secret) && !line.contains(key), "\(line)")
            }
            #expect(lines.contains { $0.contains(h.credentials.redactedKey) })
        }
    }
}
