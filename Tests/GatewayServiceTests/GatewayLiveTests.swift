import ArenaBus
import ArenaCore
import ArenaTesting
import ArenaWire
import Foundation
import MarketData
import Testing

/// A real gateway process against the fake exchange process, which serves the
/// sample capture as Binance spot at real speed with times moved to now:
/// the live stream becomes bars; a skipped id range and a forced disconnect
/// are repaired from REST so the stored trades have no gap and no duplicate;
/// garbage frames are counted and skipped; the end of the stream is a stale feed.
@Suite(.serialized) struct GatewayLiveTests {
    static let testkit = TestGateway.repo.appendingPathComponent(".build/debug/arena-testkit")
    static let samples = TestGateway.repo.appendingPathComponent("data/samples")

    @Test func aLiveStreamIsRepairedStoredAndBarredAndStaleAtItsEnd() async throws {
        let port = FreePort.find()
        let exchange = try ChildProcess(Self.testkit, [
            "fake-exchange", "--port", "\(port)", "--data", Self.samples.path, "--spot", "spot_btcusdt_20240808-first12000.gz", "--now",
        ])
        defer { exchange.abandon() }
        guard await exchange.waitForLine(timeout: .seconds(240), { $0.hasPrefix("listening") }) != nil else {
            throw GatewayTestError("the fake exchange did not start")
        }
        let expected = try await GatewayHistoryTests.captureTrades().map(\.tradeID)
        let gateway = try TestGateway(market: """
            symbols: [BTCUSDT]
            timeframes: [1m]
            bars_from: trades
            source: binance
            binance: {ws_url: "ws://127.0.0.1:\(port)", rest_url: "http://127.0.0.1:\(port)"}
            integrity: {stale_after_ms: 3000, close_grace_ms: 2000}
            """)
        defer { gateway.stop() }
        let log = try AlertWatch([gateway.pub])

        // Ids ahead of where the stream is are withheld from the WebSocket (REST still has them).
        try await eventually("trades flow", timeout: .seconds(240)) { try await gateway.counter("trades") > 0 }
        let position = try #require(Int64(try await control(port, "position").split(separator: " ").last ?? ""))
        let skipped = (position + 200)...(position + 299)
        try await control(port, "skip?from=\(skipped.lowerBound)&to=\(skipped.upperBound)")
        // Later, garbage and a forced disconnect: the reconnect misses trades the repair fetches.
        try await eventually("past the skipped range") {
            try await control(port, "position").split(separator: " ").last.flatMap { Int64($0) }.map { $0 > skipped.upperBound + 100 } ?? false
        }
        try await control(port, "garbage?count=5")
        try await control(port, "drop")

        // The stream ends with the capture's last trade (it began before the gateway connected).
        try await eventually("the last trade", timeout: .seconds(240)) { try await storedTrades(gateway).last?.tradeID == expected.last }
        try await eventually("garbage counted") { try await gateway.counter("malformed") == 5 }
        try await eventually("the end of the stream is a stale feed") { log.kinds().contains("stale_feed") }
        try await eventually("a closed 1m bar") {
            let all = TimeRange(from: Timestamp(nanoseconds: 0), to: Timestamp(nanoseconds: .max))
            return try await !gateway.ask(BarsQuery(symbol: GatewayHistoryTests.btc, timeframe: .m1, range: all), BarsReply.self).bars.isEmpty
        }

        // The stored trades: every id once, in order, from the first one received to the end,
        // though the WebSocket skipped some and dropped the connection.
        let stored = try await storedTrades(gateway)
        let first = try #require(stored.first?.tradeID)
        #expect(first < skipped.lowerBound)
        #expect(stored.map(\.tradeID) == expected.filter { $0 >= first })
        let kinds = log.kinds()
        #expect(kinds.contains("data_gap") && kinds.contains("data_gap_repaired"))
        #expect(!kinds.contains("data_gap_unrepaired"))
        #expect(kinds.contains("malformed_data"))
        // The book came from a REST snapshot of the live book and stayed in step with the diffs
        // (the forced disconnect breaks the chain once, which takes one new snapshot).
        #expect(try await gateway.counter("book_depths") > 100)
        #expect(try await gateway.counter("book_resyncs") <= 1)
        await log.close()
    }

    /// Every stored trade.
    private func storedTrades(_ gateway: TestGateway) async throws -> [Trade] {
        try await gateway.history.trades(GatewayHistoryTests.btc, in: TimeRange(from: Timestamp(nanoseconds: 0), to: Timestamp(nanoseconds: .max)))
    }

    /// POSTs a control command to the fake exchange; returns its answer.
    @discardableResult
    private func control(_ port: Int, _ command: String) async throws -> String {
        let curl = try await ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["curl", "-sf", "-X", "POST", "http://127.0.0.1:\(port)/control/\(command)"]
        )
        guard curl.status == 0 else { throw GatewayTestError("control \(command) failed: curl \(curl.status)") }
        return curl.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// ArenaTesting's `eventually`, with a gateway's patience (two minutes) and a condition that may fail
/// while the gateway starts (a failed control request counts as "not yet").
func eventually(_ what: String, timeout: Duration = .seconds(120), _ condition: () async throws -> Bool) async throws {
    try await ArenaTesting.eventually(what, timeout: timeout) { (try? await condition()) == true }
}

extension TestGateway {
    /// One counter of the gateway's STATUS reply.
    func counter(_ name: String) async throws -> Int64 {
        try await ask(ControlRequest(command: .status), ServiceStatus.self).counters[name] ?? 0
    }
}
