import ArenaCore
import ArenaTesting
import Foundation
import MarketData
@testable import MarketDataLive
import Testing

@Suite(.requires(LiveData.requirement)) struct OKXLiveSourceTests {
    @Test func subscribesReceivesTradesAndKeepsAliveWithPing() async throws {
        let exchange = try await LiveData.exchange(okx: true)
        defer { exchange.stop() }
        let btc = OKXInstrumentTable.standard["BTC-USDT"]!
        // Ping after 300 ms of silence; no pong within 2 s would drop the connection.
        let source = OKXLiveSource(
            venue: try VenueID("okx"), instruments: [btc], url: "ws://127.0.0.1:\(exchange.port)/ws/v5/public",
            configuration: .init(idlePing: ("ping", .milliseconds(300), .seconds(2)))
        )
        let log = EventLog(source)
        defer { log.stop() }
        // The capture has 69 BTC-USDT trade pushes in about 11 s.
        #expect(await log.wait { $0.trades.count >= 5 })
        let first = try #require(log.trades.first)
        #expect(first.tradeID == 338_476_307 && first.quantity == FixedDecimal("0.0002")! && first.symbol.value == "BTCUSDT")
        #expect(consecutiveOKX(log.trades.map(\.tradeID)))
        // Quiet stretches of the capture exceed 300 ms: pings went out and pongs kept the connection.
        try await Task.sleep(for: .seconds(3))
        #expect(log.disconnects == 0 && log.connects == [1] && log.malformed.isEmpty, "disconnected: \(log.disconnectReasons)")
    }

    private func consecutiveOKX(_ ids: [Int64]) -> Bool { zip(ids, ids.dropFirst()).allSatisfy { $1 > $0 } }
}

@Suite struct PolicyTests {
    @Test func backoffGrowsCapsAndJitters() {
        let b = Backoff(initial: .milliseconds(100), maximum: .seconds(1), multiplier: 2, jitter: 0.5)
        for attempt in 0..<10 {
            let d = b.delay(attempt: attempt)
            let full = min(Duration.milliseconds(100 * (1 << attempt)), .seconds(1))
            #expect(d <= full && d >= full / 2, "attempt \(attempt): \(d)")
        }
        #expect(Backoff(jitter: 0).delay(attempt: 0) == .milliseconds(500))
    }

    @Test func limiterBudgetsPerMinuteAndHonoursRetryAfter() {
        var limiter = RequestWeightLimiter(budgetPerMinute: 10)
        let t0 = Timestamp(milliseconds: 1_723_161_240_000)  // a minute boundary
        #expect(limiter.reserve(weight: 4, at: t0) == .zero)
        #expect(limiter.reserve(weight: 4, at: t0) == .zero)
        // 8 used: another 4 waits for the next minute.
        #expect(limiter.reserve(weight: 4, at: t0.advanced(by: .seconds(15))) == .seconds(45))
        #expect(limiter.reserve(weight: 4, at: t0.advanced(by: .seconds(60))) == .zero)
        // The venue says more was used (another process on the IP).
        limiter.observe(usedWeight: 9, at: t0.advanced(by: .seconds(61)))
        #expect(limiter.used(at: t0.advanced(by: .seconds(61))) == 9)
        #expect(limiter.reserve(weight: 2, at: t0.advanced(by: .seconds(62))) == .seconds(58))
        limiter.block(for: .seconds(5), at: t0.advanced(by: .seconds(130)))
        #expect(limiter.reserve(weight: 1, at: t0.advanced(by: .seconds(131))) == .seconds(4))
        #expect(limiter.reserve(weight: 1, at: t0.advanced(by: .seconds(135))) == .zero)
        #expect(BinanceRequestWeight.aggTrades(.spot) == 4 && BinanceRequestWeight.aggTrades(.perpetual) == 20)
        #expect(BinanceRequestWeight.depth(.spot, limit: 1_000) == 50 && BinanceRequestWeight.klines(.perpetual, limit: 1_000) == 5)
    }

    @Test func streamNamesAndSubscribeMessage() {
        let s = BinanceLiveSource.streams([try! Symbol("BTCUSDT")], market: .perpetual)
        #expect(s == ["btcusdt@aggTrade", "btcusdt@kline_1m", "btcusdt@bookTicker", "btcusdt@depth@100ms", "btcusdt@forceOrder", "btcusdt@markPrice@1s"])
        let message = OKXLiveSource.subscribeMessage([OKXInstrumentTable.standard["BTC-USDT-SWAP"]!])
        #expect(message.hasPrefix(#"{"op":"subscribe","args":[{"channel":"trades","instId":"BTC-USDT-SWAP"}"#))
        #expect(message.contains(#"{"channel":"funding-rate","instId":"BTC-USDT-SWAP"}"#))
    }
}

/// The idle ping's bookkeeping, without a network: what counts as an answer.
@Suite struct KeepAliveTests {
    /// An answer read while the ping is still being sent (before the pinging
    /// task runs again) is an answer: a busy machine once dropped a healthy
    /// connection for it.
    @Test func anAnswerReadBeforeTheSendReturnsCounts() async throws {
        let lastHeard = LastHeard()
        let pings = Task {
            try await KeepAlive.run(("ping", .milliseconds(100), .milliseconds(200)), lastHeard: lastHeard) {
                lastHeard.touch()  // the pong, read by the connection's reader
                try await Task.sleep(for: .milliseconds(20))  // the pinging task resumes late
            }
        }
        // Several ping rounds, each answered: it never gives up.
        try await Task.sleep(for: .seconds(1))
        pings.cancel()
        await #expect(throws: CancellationError.self) { try await pings.value }
    }

    @Test func silenceAfterAPingEndsTheConnection() async throws {
        let lastHeard = LastHeard()
        let reason = try await KeepAlive.run(("ping", .milliseconds(100), .milliseconds(200)), lastHeard: lastHeard) {}
        #expect(reason == "no answer to ping within 0.2 seconds")
    }
}
