import ArenaBus
import ArenaCore
import ArenaStore
import ArenaWire
import Foundation
import GatewayService
import Logging
import MarketData
import Synchronization
import Testing

/// A trade gap is reported once, whatever its repair gives: one `data_gap`
/// alert and one gap row, then one alert for the outcome (repaired, or what
/// stays missing), for a history that fails, a gap over the repair limit, a
/// history that returns only part of the gap, and one that returns all of it.
@Suite struct TradeGapReportTests {
    static let btc = Symbol(unchecked: "BTCUSDT"), binance = VenueID(unchecked: "binance")

    /// A venue history that returns the trades of `available` (and fails when it is nil).
    struct History: TradeHistorySource {
        let available: ClosedRange<Int64>?

        struct Unavailable: Error {}

        func trades(of instrument: InstrumentKey, ids: ClosedRange<Int64>) async throws -> [Trade] {
            guard let available else { throw Unavailable() }
            return ids.clamped(to: available).map(TradeGapReportTests.trade)
        }
    }

    /// How a repair of ids 6...105 ends: the outcome reported, the trades filled and the ids left missing.
    struct Scenario: Sendable, CustomTestStringConvertible {
        var name: String
        var available: ClosedRange<Int64>?
        var maxRepair: Int64 = 1_000
        var outcome: DataFinding
        var filled: Int64
        var testDescription: String { name }
    }

    static let scenarios = [
        Scenario(name: "the history fails", available: nil, outcome: unrepaired(6...105), filled: 0),
        Scenario(name: "the gap exceeds the repair limit", available: 1...200, maxRepair: 10, outcome: unrepaired(6...105), filled: 0),
        Scenario(name: "the history has part of it", available: 1...55, outcome: unrepaired(56...105), filled: 50),
        Scenario(
            name: "the history has all of it", available: 1...200,
            outcome: .gapRepaired(venue: binance, symbol: btc, ids: 6...105, trades: 100), filled: 100
        ),
    ]

    /// An unrepaired gap (alert ids do not depend on the reason).
    static func unrepaired(_ ids: ClosedRange<Int64>) -> DataFinding {
        .gapUnrepaired(venue: binance, symbol: btc, ids: ids, reason: "")
    }

    /// The alert id of `finding` (stable: keyed by the ids for gap findings).
    static func alertID(_ finding: DataFinding) -> String {
        finding.alert(source: ServiceName(unchecked: "gateway"), time: Timestamp(nanoseconds: 0)).id
    }

    /// Trade `id`, a millisecond after the one before, all in one minute.
    static func trade(_ id: Int64) -> Trade { trade(id, at: Timestamp(milliseconds: 1_723_161_600_000 + id)) }

    /// Trade `id` at `time`.
    static func trade(_ id: Int64, at time: Timestamp) -> Trade {
        Trade(
            venue: binance, symbol: btc, market: .spot, tradeID: id, price: 100, quantity: 1, takerSide: .buy,
            eventTime: time, receiveTime: time
        )
    }

    /// A venue history that lets the bar clock tick ten minutes past the trades while they are being fetched.
    final class TickingHistory: TradeHistorySource, Sendable {
        let pipeline = Mutex<GatewayPipeline?>(nil)

        func trades(of instrument: InstrumentKey, ids: ClosedRange<Int64>) async throws -> [Trade] {
            if let pipeline = pipeline.withLock({ $0 }) {
                let later = Timestamp(milliseconds: 1_723_161_600_000 + 600_000)
                await pipeline.tick(now: later, barClock: later)
            }
            return ids.map(TradeGapReportTests.trade)
        }
    }

    /// A pipeline over a real store and publisher, with an alert watch on the publisher.
    static func withPipeline(
        history: any TradeHistorySource, maxRepair: Int64 = 1_000,
        _ body: (GatewayPipeline, MarketOutputs, AlertWatch, MarketStorage, any SQLDatabase) async throws -> Void
    ) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gap-report-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let database = try await Store.open(.sqlite(path: path))
        _ = try await Migrator(database: database).migrate([.gateway])
        let logger = Logger(label: "test")
        let storage = MarketStorage(database: database, logger: logger) { _ in }
        let publisher = try Publisher(service: ServiceName(unchecked: "gateway-test"), bind: ["tcp://127.0.0.1:*"])
        let outputs = MarketOutputs(
            publisher: publisher, storage: storage, service: ServiceName(unchecked: "gateway"), clock: WallClock(), logger: logger
        )
        let alerts = try AlertWatch(publisher.endpoints)
        try await alerts.waitUntilLive(through: outputs)
        let kernel = try MarketKernel(configuration: KernelConfiguration(timeframes: [.m1]), universe: [InstrumentKey(venue: Self.binance, symbol: Self.btc)])
        let pipeline = GatewayPipeline(kernel: kernel, outputs: outputs, history: history, maxRepair: maxRepair, logger: logger)
        try await body(pipeline, outputs, alerts, storage, database)
        await storage.close()
        await alerts.close()
        publisher.close()
        await database.close()
    }

    @Test(arguments: scenarios)
    func aGapIsReportedOnce(_ scenario: Scenario) async throws {
        try await Self.withPipeline(history: History(available: scenario.available), maxRepair: scenario.maxRepair) { pipeline, outputs, alerts, storage, database in
            await pipeline.ingest((1...5).map { .trade(Self.trade($0)) } + [.trade(Self.trade(106))])
            let published = try await alerts.drain(through: outputs).map(\.id)
            await storage.flush()
            let rows = try await database.query("SELECT stream FROM \(GatewayTables.gaps.ref.sql)", []).map { try $0.decode("stream", as: String.self) }

            let gap = DataFinding.tradeGap(venue: Self.binance, symbol: Self.btc, missing: 6...105)
            #expect(published == [Self.alertID(gap), Self.alertID(scenario.outcome)], "one report of the gap, then its outcome")
            #expect(rows == ["trades.ids.6-105"], "one gap row")
            let counters = await pipeline.counters
            #expect(counters.trades == 6 + scenario.filled)
            #expect(counters.gapTrades == 100 - scenario.filled, "ids never received")
        }
    }

    /// The bar clock holds while a repair runs: a tick in the middle of it
    /// (here while the history is fetched) does not close the minute the
    /// missing trades belong to, so none of them is refused as late, and the
    /// repair is reported done only because every one of them was taken.
    @Test func aTickDuringARepairDoesNotCloseTheMinutesBeingRepaired() async throws {
        let history = TickingHistory()
        try await Self.withPipeline(history: history) { pipeline, outputs, alerts, _, _ in
            history.pipeline.withLock { $0 = pipeline }
            await pipeline.ingest((1...5).map { .trade(Self.trade($0)) } + [.trade(Self.trade(106))])
            let published = try await alerts.drain(through: outputs).map(\.id)
            let repaired = DataFinding.gapRepaired(venue: Self.binance, symbol: Self.btc, ids: 6...105, trades: 100)
            #expect(published.contains(Self.alertID(repaired)))
            let counters = await pipeline.counters
            #expect(counters.trades == 106 && counters.gapTrades == 0)
        }
    }

    /// The race a live stream meets: the gap shows only when the first trade
    /// after it arrives, and by then the bar clock has closed the minute of
    /// the first missing trades. The repaired trades are still all taken,
    /// stored and published (the gap is repaired, not lost), and the bar
    /// published without them is reported short of them.
    @Test func aGapFoundAfterItsMinuteClosedIsRepairedAndTheShortBarReported() async throws {
        try await Self.withPipeline(history: History(available: 1...200)) { pipeline, outputs, alerts, storage, database in
            let minute0 = Timestamp(milliseconds: 1_723_161_600_000)
            await pipeline.ingest((1...5).map { .trade(Self.trade($0)) })
            let later = minute0.advanced(by: .seconds(125))
            await pipeline.tick(now: later, barClock: later)
            await pipeline.ingest(.trade(Self.trade(106, at: later)))
            await pipeline.tick(now: later.advanced(by: .seconds(61)), barClock: later)
            let published = try await alerts.drain(through: outputs)
            await storage.flush()

            let repaired = DataFinding.gapRepaired(venue: Self.binance, symbol: Self.btc, ids: 6...105, trades: 100)
            #expect(published.map(\.id).contains(Self.alertID(repaired)), "\(published.map(\.id))")
            #expect(!published.contains { $0.kind == "data_gap_unrepaired" })
            #expect(published.filter { $0.kind == "data_gap" }.count == 1, "the gap is reported once")
            let short = try #require(published.first { $0.kind == "bars_short_of_trades" })
            #expect(short.fields["trades"] == "100" && short.severity == .warning)
            let counters = await pipeline.counters
            #expect(counters.trades == 106 && counters.gapTrades == 0 && counters.tradesAfterBarClose == 100)
            let stored = try await database.query("SELECT COUNT(*) AS n FROM \(GatewayTables.trades.ref.sql)", [])
            #expect(try stored.first?.decode("n", as: Int64.self) == 106, "every trade is stored")
        }
    }
}
