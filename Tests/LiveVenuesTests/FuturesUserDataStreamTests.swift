import ArenaCore
import ArenaTesting
import Foundation
import LiveVenues
import Testing

/// The USDⓈ-M listen-key user-data stream against FakeBinance's `/fapi/v1/listenKey` and `/ws/<listenKey>`.
@Suite struct FuturesUserDataStreamTests {
    static func fake() -> FakeBinance.Configuration {
        var c = FakeBinance.Configuration()
        c.commissionRate = FixedDecimal("0.0004")!
        return c
    }

    static func stream(_ h: Harness, _ configure: (inout BinanceUserDataStreamConfiguration) -> Void = { _ in }) -> EventLog {
        EventLog(BinanceFuturesUserDataStream(client: h.client, configuration: .test(configure), logger: h.logs.logger).events())
    }

    @Test func placeFillAndCancelArriveAsOrderTradeUpdates() async throws {
        try await Harness.with(.usdm, fake: Self.fake()) { h in
            let log = Self.stream(h)
            defer { log.stop() }
            #expect(await log.first { $0.isConnected ? true : nil } == true)
            #expect(h.fake.listenKeysIssued == 1)

            let placed = try await h.client.placeOrder(Harness.order(quantity: "0.02", price: "40000", id: "f-1", tif: .gtc))
            let new = try #require(await log.order("f-1", .new))
            #expect(new.orderID == placed.orderID && new.status == .new && new.quantity == FixedDecimal("0.02") && !new.reduceOnly)

            // 0.02 × 40000 × 0.04 % = 0.32 USDT.
            h.fake.fill(clientOrderID: "f-1", price: 40_000)
            let trade = try #require(await log.order("f-1", .trade))
            let rest = try await h.client.trades(symbol: Harness.symbol)
            #expect(trade.lastFilledQuantity == FixedDecimal("0.02") && trade.lastFilledPrice == 40_000)
            #expect(trade.commission == FixedDecimal("0.32") && trade.commissionAsset == "USDT")
            #expect(trade.tradeID == rest.last?.id && trade.tradeID != nil && trade.status == .filled)
            let account = try #require(await log.first { if case .account(let a) = $0 { a } else { nil } })
            #expect(account.reason == "ORDER")
            #expect(account.positions.first { $0.symbol == "BTCUSDT" }?.amount == FixedDecimal("0.02"))
            #expect(account.balances.first { $0.asset == "USDT" }?.wallet == FixedDecimal(100_000) - 800 - FixedDecimal("0.32")!)

            _ = try await h.client.placeOrder(Harness.order(.limit, .sell, quantity: "0.01", price: "55000", id: "f-2", tif: .gtc))
            _ = try await h.client.cancelOrder(symbol: Harness.symbol, clientOrderID: try ClientOrderID("f-2"))
            let cancelled = try #require(await log.order("f-2", .canceled))
            #expect(cancelled.status == .canceled && cancelled.side == "SELL")
            let secret = Self.fake().secretKey, key = h.credentials.apiKey
            #expect(h.logs.all.allSatisfy { !$0.line.contains(secret) && !$0.line.contains(key) })
        }
    }

    @Test func anExpiredListenKeyGetsANewKeyAndConnection() async throws {
        try await Harness.with(.usdm, fake: Self.fake()) { h in
            let log = Self.stream(h)
            defer { log.stop() }
            #expect(await log.first { $0.isConnected ? true : nil } == true)
            let first = try #require(h.fake.activeListenKey)
            h.fake.expireListenKey()
            #expect(await log.first { $0.disconnectReason } == "listenKeyExpired")
            #expect(await log.first { $0.isReconnected ? true : nil } == true)
            #expect(h.fake.listenKeysIssued == 2 && h.fake.activeListenKey != first)
            #expect(h.fake.streamConnectionsOpened == 2)
            // The new connection carries the events.
            _ = try await h.client.placeOrder(Harness.order(quantity: "0.01", price: "40000", id: "f-3", tif: .gtc))
            #expect(await log.order("f-3", .new) != nil)
            #expect(h.logs.all.allSatisfy { !$0.line.contains(first) })
        }
    }

    @Test func aDroppedConnectionReconnectsAndAMissedFillIsInREST() async throws {
        try await Harness.with(.usdm, fake: Self.fake()) { h in
            let log = Self.stream(h)
            defer { log.stop() }
            #expect(await log.first { $0.isConnected ? true : nil } == true)
            // Cut off: the fill happens while no connection exists, so only REST can tell.
            let order = try await h.fillMissedWhileCutOff(log, id: "f-4", price: "40000")
            #expect(order.status == .filled)
        }
    }

    @Test func keepAlivesFollowTheIntervalAndStoppingClosesTheKey() async throws {
        try await Harness.with(.usdm, fake: Self.fake()) { h in
            let interval = Duration.milliseconds(300)
            let log = Self.stream(h) { $0.keepAliveInterval = interval }
            #expect(await log.first { $0.isConnected ? true : nil } == true)
            #expect(await within { h.fake.keepAlives.count >= 3 })
            let times = h.fake.keepAlives
            // Never early (a loaded machine may make them late, never more frequent).
            for (a, b) in zip(times, times.dropFirst()) { #expect(b - a >= interval * 0.8) }
            log.stop()
            #expect(await within { h.fake.requests("DELETE /fapi/v1/listenKey") == 1 })
            #expect(h.fake.activeListenKey == nil)
        }
    }

    @Test func theConnectionIsRotatedBeforeItsMaximumAge() async throws {
        try await Harness.with(.usdm, fake: Self.fake()) { h in
            let log = Self.stream(h) { $0.maxConnectionAge = .milliseconds(500) }
            defer { log.stop() }
            #expect(await log.first { $0.disconnectReason }?.hasPrefix("rotation") == true)
            #expect(await log.first { $0.isReconnected ? true : nil } == true)
            #expect(h.fake.streamConnectionsOpened >= 2)
        }
    }
}
