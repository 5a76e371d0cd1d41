import ArenaCore
import ArenaTesting
import Foundation
import LiveVenues
import Testing

@Suite(.timeLimit(.minutes(3))) struct OKXPrivateStreamTests {
    @Test func aMarketOrderFillArrivesOverThePrivateWebSocket() async throws {
        try await OKXHarness.run { h in
            let log = try await h.subscribedStream()
            defer { log.stop() }
            #expect(h.fake.logins == 1)

            let placement = try await h.client.placeOrder(spotOrder("ws1", size: "0.02"))
            try await eventually("the fill push") { log.orders.contains { $0.clientOrderID == "ws1" && $0.state == .filled } }
            let filled = try #require(log.orders.last { $0.clientOrderID == "ws1" })
            #expect(filled.orderID == placement.orderID)
            #expect(filled.filledSize == dec("0.02") && filled.averagePrice == 50_000)
            let fill = try #require(filled.lastFill)
            #expect(fill.price == 50_000 && fill.size == dec("0.02") && !fill.tradeID.isEmpty)
            // Taker 0.1 % of 1000 USDT, charged (negative), exactly.
            #expect(fill.fee == dec("-1") && fill.feeCurrency == "USDT")
            #expect(filled.state.orderStatus == .filled)
            // The same execution in the REST fills.
            let fills = try await h.client.fills(instrumentID: spot)
            #expect(fills.map(\.tradeID) == [fill.tradeID])
            #expect(fills.first?.liquidity == "T" && fills.first?.fee == dec("-1"))
        }
    }

    @Test func partialFillsOfALimitOrderArriveInOrder() async throws {
        try await OKXHarness.run { h in
            let log = try await h.subscribedStream()
            defer { log.stop() }
            _ = try await h.client.placeOrder(spotOrder("part1", .sell, size: "0.5", price: "51000"))
            try await eventually("the live push") { log.orders.contains { $0.clientOrderID == "part1" && $0.state == .live } }
            h.fake.fill(clientOrderID: "part1", size: dec("0.2"), price: dec("51000"))
            h.fake.fill(clientOrderID: "part1", price: dec("51000.5"))
            try await eventually("the final fill") { log.orders.contains { $0.clientOrderID == "part1" && $0.state == .filled } }
            let pushes = log.orders.filter { $0.clientOrderID == "part1" }
            #expect(pushes.map(\.state) == [.live, .partiallyFilled, .filled])
            #expect(pushes.map(\.filledSize) == [.zero, dec("0.2"), dec("0.5")])
            #expect(pushes.compactMap(\.lastFill).map(\.size) == [dec("0.2"), dec("0.3")])
            // (0.2 × 51000 + 0.3 × 51000.5) / 0.5, exactly.
            #expect(pushes.last?.averagePrice == dec("51000.3"))
            #expect(h.fake.balance("BTC") == dec("0.5"))
        }
    }

    @Test func theStreamReconnectsAndLogsInAgain() async throws {
        try await OKXHarness.run { h in
            let log = try await h.subscribedStream()
            defer { log.stop() }
            _ = try await h.client.placeOrder(spotOrder("gap1", size: "0.01", price: "49000"))
            h.fake.dropConnections()
            // Filled while no connection is subscribed: the push is lost, so the new subscription must
            // be followed by a query (the OMS's reconciliation), which finds the fill.
            h.fake.fill(clientOrderID: "gap1", price: dec("49000"))
            try await eventually("the second subscription") { log.subscriptions == 2 }
            #expect(h.fake.logins == 2)
            #expect(log.all.contains { if case .disconnected(1, _) = $0 { true } else { false } })
            #expect(try await h.client.queryOrder(instrumentID: spot, clientOrderID: cid("gap1")).state == .filled)
            // Pushes flow again on the new connection.
            _ = try await h.client.placeOrder(spotOrder("gap2", size: "0.01", price: "48000"))
            try await eventually("a push on the new connection") { log.orders.contains { $0.clientOrderID == "gap2" } }
        }
    }

    @Test func aQuietConnectionIsKeptAliveWithPing() async throws {
        try await OKXHarness.run(loadInstruments: false) { h in
            let log = h.stream {
                $0.pingAfter = .milliseconds(200)
                $0.pongTimeout = .seconds(10)
            }
            defer { log.stop() }
            try await eventually("three pings answered") { h.fake.pings >= 3 }
            // Answered each time: the same connection, never dropped.
            #expect(log.subscriptions == 1 && h.fake.logins == 1)
            #expect(!log.all.contains { if case .disconnected = $0 { true } else { false } })
        }
    }

    @Test func aRefusedLoginIsReported() async throws {
        try await OKXHarness.run(credentials: { c in
            try OKXCredentials(apiKey: c.apiKey, secretKey: "not-the-secret", passphrase: c.passphrase)
        }, loadInstruments: false) { h in
            let log = h.stream()
            defer { log.stop() }
            try await eventually("the login refusal") {
                log.all.contains { if case .loginFailed("60007", _) = $0 { true } else { false } }
            }
            #expect(log.subscriptions == 0)
            #expect(h.fake.logins == 0)
            #expect(h.fake.subscribedConnections == 0)
        }
    }

    @Test func thePrivateStreamReadsOKXPushes() throws {
        // The orders channel's documented push shape, as OKX sends it (strings everywhere, "" where n/a).
        let push = #"{"arg":{"channel":"orders","instType":"ANY","uid":"77"},"data":[{"instType":"SPOT","instId":"BTC-USDT","ordId":"680800019749904384","clOrdId":"abc123","px":"","sz":"0.01","ordType":"market","side":"buy","tdMode":"cash","state":"filled","accFillSz":"0.01","avgPx":"43210.5","fee":"-0.00001","feeCcy":"BTC","tradeId":"242589207","fillPx":"43210.5","fillSz":"0.01","fillFee":"-0.00001","fillFeeCcy":"BTC","fillTime":"1708587373361","uTime":"1708587373362","cTime":"1708587373361"}]}"#
        let order = try JSONDecoder().decode(PushProbe.self, from: Data(push.utf8)).data[0]
        #expect(order.price == nil && order.size == dec("0.01") && order.state == .filled && order.averagePrice == dec("43210.5"))
        #expect(order.lastFill == OKXOrderFill(tradeID: "242589207", price: dec("43210.5"), size: dec("0.01"), fee: dec("-0.00001"), feeCurrency: "BTC", time: 1_708_587_373_361))
    }
}

private struct PushProbe: Decodable { var data: [OKXOrder] }
