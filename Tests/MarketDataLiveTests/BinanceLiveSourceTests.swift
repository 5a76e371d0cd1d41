import ArenaCore
import ArenaTesting
import AsyncHTTPClient
import Foundation
import MarketData
import MarketDataLive
import Testing

private func source(_ exchange: FakeExchange, _ config: WebSocketSessionConfiguration = .init(backoff: Backoff(initial: .milliseconds(100), maximum: .seconds(1)))) -> BinanceLiveSource {
    BinanceLiveSource(venue: LiveData.binance, market: .spot, symbols: [LiveData.btc], baseURL: "ws://127.0.0.1:\(exchange.port)", configuration: config)
}

/// Ids increase by one: no gap, no duplicate.
private func consecutive(_ ids: [Int64]) -> Bool { zip(ids, ids.dropFirst()).allSatisfy { $1 == $0 + 1 } }

@Suite(.requires(LiveData.requirement), .serialized) struct BinanceLiveSourceTests {
    @Test func receivesTheCapturedEventsInOrder() async throws {
        let exchange = try await LiveData.exchange()
        defer { exchange.stop() }
        let log = EventLog(source(exchange))
        defer { log.stop() }
        #expect(await log.wait { $0.trades.count >= 200 })
        let trades = log.trades
        #expect(log.connects == [1] && log.malformed.isEmpty)
        #expect(consecutive(trades.map(\.tradeID)))
        // Each one is exactly the capture's trade with that id.
        let byID = Dictionary(uniqueKeysWithValues: exchange.trades(.spot).map { ($0.tradeID, $0) })
        for t in trades.prefix(50) {
            let captured = try #require(byID[t.tradeID])
            #expect(t.price == captured.price && t.quantity == captured.quantity && t.takerSide == captured.takerSide)
        }
        #expect(log.events.contains { if case .event(.market(.bookTop)) = $0 { true } else { false } })
        #expect(log.events.contains { if case .event(.depthUpdate) = $0 { true } else { false } })
    }

    @Test func answersServerPingsAndStaysConnected() async throws {
        // The server pings every 100 ms and drops a client that does not pong in time.
        let exchange = try await LiveData.exchange(ping: .milliseconds(100))
        defer { exchange.stop() }
        let log = EventLog(source(exchange))
        defer { log.stop() }
        #expect(await log.wait { $0.connects.count == 1 })
        try await Task.sleep(for: .milliseconds(1_500))
        #expect(log.disconnects == 0 && log.connects == [1] && exchange.connections == 1)
    }

    @Test func reconnectsAfterADropAndResumes() async throws {
        let exchange = try await LiveData.exchange()
        defer { exchange.stop() }
        let log = EventLog(source(exchange))
        defer { log.stop() }
        #expect(await log.wait { $0.trades.count >= 20 })
        try await LiveData.control(exchange, "drop")
        #expect(await log.wait { $0.connects == [1, 2] })
        let before = log.trades.count
        #expect(await log.wait { $0.trades.count >= before + 20 })
        #expect(log.disconnects == 1)
    }

    @Test func garbageFramesAreMalformedAndTheStreamGoesOn() async throws {
        let exchange = try await LiveData.exchange()
        defer { exchange.stop() }
        let log = EventLog(source(exchange))
        defer { log.stop() }
        #expect(await log.wait { $0.trades.count >= 10 })
        try await LiveData.control(exchange, "garbage?count=3")
        #expect(await log.wait { $0.malformed.count == 3 })
        let before = log.trades.count
        #expect(await log.wait { $0.trades.count >= before + 10 })
        #expect(log.malformed.map(\.problem) == [.notJSON, .notJSON, .missingField])
        #expect(log.disconnects == 0)
    }

    @Test func aSkippedRangeIsAGapThatRESTRepairsExactly() async throws {
        let exchange = try await LiveData.exchange()
        defer { exchange.stop() }
        let captured = exchange.trades(.spot)
        // Withhold 1,500 trades a little ahead of the replay: two REST pages' worth.
        let from = captured[400].tradeID, to = captured[1_899].tradeID
        try await LiveData.control(exchange, "skip?from=\(from)&to=\(to)")
        let log = EventLog(source(exchange))
        defer { log.stop() }
        #expect(await log.wait { ($0.trades.last?.tradeID ?? 0) > to })
        let ids = log.trades.map(\.tradeID)
        let gaps = zip(ids, ids.dropFirst()).filter { $1 != $0 + 1 }
        #expect(gaps.count == 1 && gaps.first?.0 == from - 1 && gaps.first?.1 == to + 1)
        let rest = BinanceRESTClient(venue: LiveData.binance, market: .spot, baseURL: "http://127.0.0.1:\(exchange.port)")
        let repaired = try await rest.aggTrades(symbol: LiveData.btc, from: from, through: to)
        #expect(repaired.map(\.tradeID) == Array(from...to))
        #expect(repaired == Array(captured[400...1_899]).map { t in
            var t = t
            t.receiveTime = repaired[Int(t.tradeID - from)].receiveTime
            return t
        })
    }

    @Test func rotationLosesNothing() async throws {
        let exchange = try await LiveData.exchange()
        defer { exchange.stop() }
        let config = WebSocketSessionConfiguration(backoff: Backoff(initial: .milliseconds(100)), maxConnectionAge: .seconds(1))
        let log = EventLog(source(exchange, config))
        defer { log.stop() }
        #expect(await log.wait { $0.connects.count >= 3 })
        let before = log.trades.count
        #expect(await log.wait { $0.trades.count >= before + 20 })
        // The overlap delivers some trades twice; their union has every id.
        let ids = Set(log.trades.map(\.tradeID)).sorted()
        #expect(consecutive(ids))
        // A retired connection ends when the venue answers its close, a little after its replacement is live.
        #expect(await log.wait { $0.disconnects >= 2 })
        #expect(log.malformed.isEmpty)
        // Each retired connection closed with the handshake: it read on until the venue's close.
        #expect(log.disconnectReasons.allSatisfy { $0 == "rotated" }, "\(log.disconnectReasons)")
    }
}

@Suite(.requires(LiveData.requirement), .serialized) struct BinanceRESTClientTests {
    @Test func waitsRetryAfterOn429AndSucceeds() async throws {
        let exchange = try await LiveData.exchange()
        defer { exchange.stop() }
        try await LiveData.control(exchange, "ratelimit?count=2")
        let rest = BinanceRESTClient(venue: LiveData.binance, market: .spot, baseURL: "http://127.0.0.1:\(exchange.port)")
        let start = ContinuousClock.now
        let first = exchange.trades(.spot)[0].tradeID
        let page = try await rest.aggTrades(symbol: LiveData.btc, fromID: first, limit: 10)
        #expect(page.map(\.tradeID) == Array(first..<first + 10))
        #expect(exchange.restCalls == 3)
        // Two Retry-After: 1 answers were honoured (a lower bound: waiting less would be the bug).
        #expect(ContinuousClock.now - start >= .seconds(2))
    }

    @Test func klinesAndDepth() async throws {
        let exchange = try await LiveData.exchange()
        defer { exchange.stop() }
        let rest = BinanceRESTClient(venue: LiveData.binance, market: .spot, baseURL: "http://127.0.0.1:\(exchange.port)")
        let trades = exchange.trades(.spot)
        let start = Timeframe.m1.openTime(containing: trades[0].eventTime)
        let bars = try await rest.klines(symbol: LiveData.btc, timeframe: .m1, start: start, end: start.advanced(by: .seconds(180)))
        #expect(bars.count == 3 && bars.allSatisfy(\.isClosed))
        // The first bar is the capture's trades in that minute.
        let minute = trades.filter { Timeframe.m1.openTime(containing: $0.eventTime) == start }
        #expect(bars[0].open == minute.first!.price && bars[0].close == minute.last!.price)
        #expect(bars[0].volume == minute.reduce(FixedDecimal.zero) { $0 + $1.quantity } && bars[0].tradeCount == Int64(minute.count))
        let depth = try await rest.depth(symbol: LiveData.btc, limit: 100)
        // The live book: the captured snapshot (id 50093239218) with the diffs broadcast so far applied.
        #expect(depth.lastUpdateID >= 50_093_239_218 && depth.bids.count == 100)
        #expect(depth.bids[0].price < depth.asks[0].price)
        let eth = try Symbol("ETHUSDT")
        do throws(BinanceRESTError) {
            _ = try await rest.depth(symbol: eth, limit: 5)
            Issue.record("an unknown symbol was served")
        } catch {
            guard case .http(400, let api, _) = error else { Issue.record("\(error)"); return }
            #expect(api?.code == -1121)
        }
    }
}
