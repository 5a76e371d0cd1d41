import ArenaCore
import ArenaTesting
import Foundation
import LiveVenues
import Testing

/// The spot user-data stream (`userDataStream.subscribe.signature`) against FakeBinance's WebSocket API.
@Suite struct SpotUserDataStreamTests {
    static func fake() -> FakeBinance.Configuration {
        var c = FakeBinance.Configuration()
        c.commissionRate = FixedDecimal("0.001")!
        return c
    }

    @Test func placeFillAndCancelArriveAsExecutionReports() async throws {
        try await Harness.with(fake: Self.fake()) { h in
            let log = EventLog(BinanceSpotUserDataStream(client: h.client, credentials: h.credentials, configuration: .test(), logger: h.logs.logger).events())
            defer { log.stop() }
            #expect(await log.first { $0.isConnected ? true : nil } == true)
            #expect(h.fake.subscriptionsAccepted == 1)

            let placed = try await h.client.placeOrder(Harness.order(quantity: "0.01", price: "30000", id: "s-1", tif: .gtc))
            let new = try #require(await log.order("s-1", .new))
            #expect(new.orderID == placed.orderID && new.status == .new && new.quantity == FixedDecimal("0.01") && new.price == 30_000)
            #expect(new.tradeID == nil && new.lastFilledQuantity == .zero)

            // A partial fill: the exact quantity, price, commission (0.004 × 30000 × 0.1 % = 0.12 USDT) and trade id.
            h.fake.fill(clientOrderID: "s-1", quantity: FixedDecimal("0.004"), price: 30_000)
            let trade = try #require(await log.order("s-1", .trade))
            let rest = try await h.client.trades(symbol: Harness.symbol)
            #expect(trade.lastFilledQuantity == FixedDecimal("0.004") && trade.lastFilledPrice == 30_000)
            #expect(trade.commission == FixedDecimal("0.12") && trade.commissionAsset == "USDT")
            #expect(trade.tradeID == rest.last?.id && trade.tradeID != nil)
            #expect(trade.cumulativeFilledQuantity == FixedDecimal("0.004") && trade.status == .partiallyFilled && trade.isMaker)
            let balances = try #require(await log.first { if case .account(let a) = $0 { a } else { nil } })
            #expect(balances.balances.first { $0.asset == "USDT" }?.free == FixedDecimal(100_000) - 120 - FixedDecimal("0.12")!)

            // The cancel's report carries the cancel request's id in `c`: the update names the order's.
            _ = try await h.client.cancelOrder(symbol: Harness.symbol, clientOrderID: try ClientOrderID("s-1"))
            let cancelled = try #require(await log.order("s-1", .canceled))
            #expect(cancelled.status == .canceled && cancelled.orderID == placed.orderID)
            #expect(cancelled.cumulativeFilledQuantity == FixedDecimal("0.004"))

            let secret = Self.fake().secretKey, key = h.credentials.apiKey
            #expect(h.logs.all.allSatisfy { !$0.line.contains(secret) && !$0.line.contains(key) })
        }
    }

    @Test func aWrongSignatureIsRefusedByTheWebSocketAPI() async throws {
        try await Harness.with(fake: Self.fake()) { h in
            let wrong = try BinanceCredentials(apiKey: h.credentials.apiKey, secretKey: "not-the-secret")
            let log = EventLog(BinanceSpotUserDataStream(client: h.client, credentials: wrong, configuration: .test(), logger: h.logs.logger).events())
            defer { log.stop() }
            #expect(await within { h.fake.subscriptionsRefused >= 2 })
            // Refused every time, as Binance does: never subscribed, the error logged with its code.
            #expect(h.fake.subscriptionsAccepted == 0)
            #expect(!log.all.contains(.connected))
            #expect(h.logs.all.contains { $0.line.contains("-1022") && $0.line.contains("Signature for this request is not valid.") })
            #expect(h.logs.all.allSatisfy { !$0.line.contains("not-the-secret") && !$0.line.contains(h.credentials.apiKey) })
        }
    }

    @Test func theSubscriptionIsStampedOnTheServerClock() async throws {
        try await Harness.with(fake: Self.fake()) { h in
            // 6 s ahead: a local timestamp would be outside the 5 s recvWindow (-1021).
            h.fake.skewClock(milliseconds: 6_000)
            let log = EventLog(BinanceSpotUserDataStream(client: h.client, credentials: h.credentials, configuration: .test(), logger: h.logs.logger).events())
            defer { log.stop() }
            #expect(await log.first { $0.isConnected ? true : nil } == true)
            #expect(h.fake.subscriptionsRefused == 0)
        }
    }

    @Test func aDroppedConnectionReconnectsAndAFillMissedMeanwhileIsInREST() async throws {
        try await Harness.with(fake: Self.fake()) { h in
            let log = EventLog(BinanceSpotUserDataStream(client: h.client, credentials: h.credentials, configuration: .test(), logger: h.logs.logger).events())
            defer { log.stop() }
            #expect(await log.first { $0.isConnected ? true : nil } == true)
            // Cut off: the fill happens while no subscription exists, so only REST can tell.
            let order = try await h.fillMissedWhileCutOff(log, id: "s-2", price: "30000")
            #expect(order.status == .filled && order.executedQuantity == FixedDecimal("0.01"))

            // A plain drop: disconnected, then reconnected again.
            #expect(h.fake.dropStreamConnections() == 1)
            #expect(await log.count(atLeast: 2) { $0.isReconnected } == 2)
            #expect(log.all.compactMap(\.disconnectReason).count == 2)
        }
    }
}
