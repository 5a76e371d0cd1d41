import ArenaTesting
import Analytics
import ArenaCore
import Foundation
import Testing

@Suite(.cpuBound) struct BookTests {
    static let a = ModelID(unchecked: "alpha"), b = ModelID(unchecked: "beta"), btc = Symbol(unchecked: "BTCUSDT")
    static let start: Int64 = 1_700_000_000_000_000_000

    static func bar(_ minute: Int, close: FixedDecimal) -> Bar {
        Bar(
            venue: VenueID(unchecked: "binance"), symbol: btc, timeframe: .m1, openTime: Timestamp(nanoseconds: start + Int64(minute) * 60_000_000_000),
            open: close, high: close, low: close, close: close, volume: 1, quoteVolume: nil, tradeCount: nil, takerBuyVolume: nil, isClosed: true
        )
    }

    static func account(_ model: ModelID, sequence: Int64, minute: Int, nav: FixedDecimal, position: FixedDecimal?, mark: FixedDecimal) -> AccountState {
        var state = AccountState(modelID: model, source: .ledger, asOf: Timestamp(nanoseconds: start + Int64(minute + 1) * 60_000_000_000), sequence: sequence, cash: nav, positions: [], nav: nav, realizedPnL: 0, fees: 0)
        if let position {
            state.positions = [PositionState(symbol: btc, quantity: position, averagePrice: mark, unrealizedPnL: 0, market: .spot, markPrice: mark)]
        }
        return state
    }

    @Test func navIsRemarkedOnEveryBarAndTheBaselinesFollowThePrice() throws {
        var book = ArenaBook(models: [Self.a, Self.b], capital: 10_000)
        book.mark(Self.bar(0, close: 100))
        book.record(Self.account(Self.a, sequence: 1, minute: 0, nav: 10_000, position: 50, mark: 100))
        for minute in 1...10 { book.mark(Self.bar(minute, close: FixedDecimal(100 + minute))) }
        let nav = try #require(book.models[Self.a]?.nav)
        #expect(nav.count == 11)
        #expect(nav.last?.equity == 10_500)  // 50 × (110 − 100)
        #expect(book.buyAndHold[Self.btc]?.last?.equity == 11_000)
        let board = book.leaderboard()
        #expect(board.rows.map(\.id).contains("buy_and_hold:BTCUSDT"))
        #expect(board.rows.map(\.id).contains("cash"))
        #expect(board.rows.first?.id == "buy_and_hold:BTCUSDT")
        #expect(board.rows.first { $0.id == "cash" }?.returnMetrics?.totalReturn == 0)
        #expect(board.sample.decisions == 0)
        #expect(board.note.contains("Too small a sample"))
        #expect(book.models[Self.a]?.exposure == 1)
    }

    @Test func anOlderAccountNeverRewritesANewerOne() {
        var book = ArenaBook(models: [Self.a], capital: 10_000)
        let accepted = [
            book.record(Self.account(Self.a, sequence: 2, minute: 5, nav: 10_100, position: nil, mark: 0)),
            book.record(Self.account(Self.a, sequence: 1, minute: 4, nav: 9_000, position: nil, mark: 0)),
            book.record(Self.account(Self.a, sequence: 2, minute: 5, nav: 10_100, position: nil, mark: 0)),
        ]
        #expect(accepted == [true, false, false])
        #expect(book.models[Self.a]?.nav.map(\.equity) == [10_100])
    }

    @Test func aBarHeardAgainMarksNothingNew() throws {
        // A lockstep replay sends each minute to the reporter twice; a late copy must not move the marks back.
        var book = ArenaBook(models: [Self.a], capital: 10_000)
        book.mark(Self.bar(0, close: 100))
        book.record(Self.account(Self.a, sequence: 1, minute: 0, nav: 10_000, position: 50, mark: 100))
        book.mark(Self.bar(1, close: 102))
        book.mark(Self.bar(1, close: 102))
        book.mark(Self.bar(0, close: 100))
        #expect(book.symbols[Self.btc]?.bars == 2)
        #expect(book.symbols[Self.btc]?.lastClose == 102)
        #expect(try #require(book.models[Self.a]?.nav).map(\.equity) == [10_000, 10_100])
        #expect(book.buyAndHold[Self.btc]?.map(\.equity) == [10_000, 10_200])
    }

    @Test func decisionsAndVerdictsAreCounted() {
        var book = ArenaBook(models: [Self.a], capital: 10_000)
        for (n, outcome) in [DecisionOutcome.decided, .decided, .timeout, .invalid].enumerated() {
            book.record(ModelDecision(
                decisionID: "a@\(n)", modelID: Self.a, configHash: "h", tick: Timestamp(nanoseconds: Self.start), snapshotHash: "s", outcome: outcome,
                action: .buy, symbol: Self.btc, positionSizePct: 10, takeProfit: nil, stopLoss: nil, leverage: nil, confidence: 0.5 + Double(n) / 10,
                rationale: "", latencyMilliseconds: Int64(10 * (n + 1)), worker: nil, trace: nil, intent: .open
            ))
        }
        book.record(RiskVerdict(
            decisionID: "a@0", modelID: Self.a, tick: Timestamp(nanoseconds: Self.start), outcome: .rejected, reasons: ["max_exposure"],
            changes: [], plans: [], state: .active, nav: 10_000, message: "rejected"
        ))
        let row = book.leaderboard().rows.first { $0.id == "alpha" }
        #expect(row?.decisions == 4)
        #expect(row?.timeouts == 1)
        #expect(row?.invalidReplies == 1)
        #expect(row?.riskRejects == 1)
        #expect(row?.averageConfidence == 0.55)
        #expect(row?.latencyP50Milliseconds == 10)
        #expect(row?.latencyP99Milliseconds == 20)
    }

    @Test func workersShowTheirShareOfTheJobsAndTheirLatency() {
        var book = ArenaBook(models: [Self.a], capital: 10_000)
        // Three jobs on w1 (10, 20, 90 ms), one on w2 (5 ms), a timeout that no worker answered.
        for (n, (worker, latency, outcome)) in [("w1", 10, DecisionOutcome.decided), ("w2", 5, .decided), ("w1", 20, .invalid), ("w1", 90, .decided),
                                                  (nil, 8_000, .timeout)].enumerated() {
            book.record(ModelDecision(
                decisionID: "a@\(n)", modelID: Self.a, configHash: "h", tick: Timestamp(nanoseconds: Self.start + Int64(n) * 60_000_000_000),
                snapshotHash: "s", outcome: outcome, action: .hold, symbol: nil, positionSizePct: 0, takeProfit: nil, stopLoss: nil, leverage: nil,
                confidence: 0, rationale: "", latencyMilliseconds: Int64(latency), worker: worker, trace: nil, intent: PositionIntent.none
            ))
        }
        let rows = book.workerRows()
        #expect(rows.map(\.worker) == ["w1", "w2"])
        #expect(rows.map(\.jobs) == [3, 1])
        #expect(rows.map(\.share) == [0.75, 0.25])
        #expect(rows[0].latencyP50Milliseconds == 20 && rows[0].latencyP99Milliseconds == 90)
        #expect(rows[0].lastTickMilliseconds == (Self.start + 3 * 60_000_000_000) / 1_000_000)
        #expect(rows.allSatisfy { $0.modelFiles.isEmpty })
    }

    @Test func eachWorkerShowsTheModelFileItLastRan() {
        var book = ArenaBook(models: [Self.a], capital: 10_000)
        let old = ModelFileStamp(path: "m.json", sha256: String(repeating: "1", count: 64))
        let new = ModelFileStamp(path: "m.json", sha256: String(repeating: "2", count: 64))
        // w1 moved to the new file at tick 2; w2 still ran the old one at tick 3 (a mixed pool); an older answer arriving late changes nothing.
        for (n, worker, file) in [(0, "w1", old), (1, "w2", old), (2, "w1", new), (3, "w2", old), (1, "w1", old)] {
            book.record(ModelDecision(
                decisionID: "a@\(n)-\(worker)", modelID: Self.a, configHash: "h", tick: Timestamp(nanoseconds: Self.start + Int64(n) * 60_000_000_000),
                snapshotHash: "s", outcome: .decided, action: .hold, symbol: nil, positionSizePct: 0, takeProfit: nil, stopLoss: nil, leverage: nil,
                confidence: 0, rationale: "", latencyMilliseconds: 1, worker: worker, trace: nil, intent: PositionIntent.none, modelFile: file
            ))
        }
        let rows = book.workerRows()
        #expect(rows.map(\.worker) == ["w1", "w2"])
        #expect(rows[0].modelFiles == [WorkerModelFile(model: Self.a.value, path: "m.json", sha256: new.sha256)])
        #expect(rows[1].modelFiles == [WorkerModelFile(model: Self.a.value, path: "m.json", sha256: old.sha256)])
    }
}

@Suite(.cpuBound) struct ReportTests {
    static let day: Int64 = 86_400_000
    /// 2023-04-01 (a Saturday) 00:00 UTC.
    static let april1: Int64 = 1_680_307_200_000

    @Test func periodsStartOnUTCDaysMondaysAndFirstsOfTheMonth() {
        let time = Self.april1 + 5 * Self.day + 3_600_000  // Thursday 2023-04-06 01:00
        #expect(ReportPeriod.label(ReportPeriod.daily.start(containing: time)) == "2023-04-06")
        #expect(ReportPeriod.label(ReportPeriod.weekly.start(containing: time)) == "2023-04-03")
        #expect(ReportPeriod.label(ReportPeriod.monthly.start(containing: time)) == "2023-04-01")
        #expect(ReportPeriod.label(ReportPeriod.monthly.next(after: Self.april1)) == "2023-05-01")
        #expect(ReportPeriod.label(ReportPeriod.monthly.next(after: ReportPeriod.monthly.start(containing: Self.april1 + 270 * Self.day))) == "2024-01-01")
        #expect(ReportPeriod.label(ReportPeriod.daily.start(containing: 1_709_164_800_000)) == "2024-02-29")
    }

    @Test func eachFinishedPeriodIsDueOnceInOrder() {
        var clock = ReportClock()
        #expect(clock.advance(to: Self.april1 + 3_600_000).isEmpty)
        #expect(clock.advance(to: Self.april1 + 7_200_000).isEmpty)
        let due = clock.advance(to: Self.april1 + 2 * Self.day + 60_000)  // Monday 2023-04-03
        #expect(due.map { "\($0.period.rawValue) \(ReportPeriod.label($0.start))" } == ["daily 2023-04-01", "daily 2023-04-02", "weekly 2023-03-27"])
        #expect(clock.advance(to: Self.april1 + 2 * Self.day + 120_000).isEmpty)
    }

    @Test func aReportHasEveryModelAndBaselineBestFirst() throws {
        var book = ArenaBook(models: [BookTests.a, BookTests.b], capital: 10_000)
        book.mark(BookTests.bar(0, close: 100))
        book.record(BookTests.account(BookTests.a, sequence: 1, minute: 0, nav: 10_000, position: 10, mark: 100))
        book.record(BookTests.account(BookTests.b, sequence: 1, minute: 0, nav: 10_000, position: nil, mark: 0))
        for minute in 1...32 { book.mark(BookTests.bar(minute, close: FixedDecimal(100 - minute % 5))) }  // ends at 98
        let start = ReportPeriod.daily.start(containing: BookTests.start / 1_000_000)
        let report = PeriodReport(book, period: .daily, start: start)
        #expect(report.lines.map(\.id) == ["beta", "alpha", "buy_and_hold:BTCUSDT"])
        #expect(abs(try #require(report.lines.first { $0.id == "alpha" }?.periodReturn) - -0.002) < 1e-12)  // 10 × (98 − 100) on 10,000
        #expect(abs(try #require(report.lines.last?.periodReturn) - -0.02) < 1e-12)
        #expect(report.markdown.contains("| alpha |"))
        #expect(report.html.hasPrefix("<!DOCTYPE html>"))
        #expect(report.summary.contains("best beta"))
        #expect(report.scoped(to: "alpha").lines.map(\.id) == ["alpha", "buy_and_hold:BTCUSDT"])
    }
}
