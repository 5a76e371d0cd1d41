import ArenaBus
import ArenaCore
import ArenaStore
import ArenaTesting
import ArenaWire
import Features
import Foundation
import Testing

/// The arena clock end to end, with the test as the gateway and a real
/// SQLite store; the market is real 1m BTC and ETH bars. What needs processes
/// (a restarted engine, a killed worker) runs a real `arena-features` and
/// stand-in processes over ZeroMQ; the rest runs the same component in this
/// process over the in-process transport.
@Suite(.serialized)
struct ArenaRoundTests {
    static let features = """
        indicators: "ema:9,rsi:14,atr:14,bbands:20:2,adx:14,atrpct:14:50"
        indicator_timeframe: 1m
        warmup_hours: 6
        tick_seconds: 60
        deadline_ms: 3000
        """
    static let warmupMinutes = 240

    /// Minute `i` of both symbols.
    static func minute(_ i: Int, _ btc: [Bar], _ eth: [Bar]) -> [Bar] { [btc[i], eth[i]] }

    /// The close of minute `i`: the tick it completes.
    static func tick(after bar: Bar) -> Timestamp { bar.openTime.advanced(by: .seconds(60)) }

    static func history(_ btc: [Bar], _ eth: [Bar]) -> [Bar] {
        Array(btc.prefix(warmupMinutes)) + Array(eth.prefix(warmupMinutes))
    }

    @Test func aRoundWithASlowADeadAStaleAndABrokenModel() async throws {
        let btc = try SampleBars.minutes("BTCUSDT"), eth = try SampleBars.minutes("ETHUSDT")
        let harness = try ArenaHarness(.inProcess, features: Self.features, models: """
            - {id: fast, kind: buy_and_hold, params: {symbol: ETHUSDT, position_size: 0.25}}
            - {id: slow, kind: all_cash}
            - {id: dead, kind: all_cash}
            - {id: stale, kind: all_cash}
            - {id: broken, kind: all_cash}
            - {id: benched, kind: all_cash, enabled: false}
            """, history: Self.history(btc, eth))
        defer { Task { await harness.shutdown() } }
        let behaviours = ["fast=decide:BUY", "slow=slow:6000", "dead=silent", "stale=wrong-tick", "broken=fail"]
        try await harness.startRisk()
        try await harness.startScorer("w1", behaviours)
        try await harness.startScorer("w2", behaviours)
        try await harness.startFeatures()

        let first = Self.minute(Self.warmupMinutes, btc, eth)
        let t1 = Self.tick(after: first[0])
        for bar in first { try harness.gateway.publish(bar) }
        let got = try await harness.waitFor("the first round") { $0.messages(RoundRecord.self).contains { $0.tick == t1 } }
        let round = try #require(got.messages(RoundRecord.self).first { $0.tick == t1 })
        let outcome = Dictionary(uniqueKeysWithValues: round.entries.map { ($0.modelID.value, $0) })
        #expect(round.entries.map(\.modelID.value) == ["fast", "slow", "dead", "stale", "broken"], "roster order, disabled model left out")
        #expect(outcome["fast"]?.outcome == .decided && outcome["fast"]?.action == .buy)
        #expect((outcome["fast"]?.latencyMilliseconds ?? .max) < 3_000)
        #expect(outcome["slow"]?.outcome == .timeout && outcome["slow"]?.action == .hold)
        #expect(outcome["slow"]?.latencyMilliseconds == 3_000)
        #expect(outcome["dead"]?.outcome == .timeout && outcome["dead"]?.action == .hold)
        #expect(outcome["stale"]?.outcome == .invalid && outcome["stale"]?.action == .hold)
        #expect(outcome["broken"]?.outcome == .failed && outcome["broken"]?.action == .hold)

        // Every model saw the same bytes: the published snapshot, its recomputed
        // hash, the hash in the round and the hash each scorer computed on receipt.
        let snapshot = try #require(got.messages(FeatureSnapshot.self).first { $0.snapshot.tick == t1 })
        #expect(snapshot.snapshotHash == round.snapshotHash)
        #expect(try CanonicalHash.hex(of: snapshot.snapshot) == snapshot.snapshotHash)
        #expect(snapshot.snapshot.symbols.map(\.symbol.value) == ["BTCUSDT", "ETHUSDT"])
        #expect(snapshot.snapshot.seriesOrder == .oldestToNewest)
        for (entry, bars) in zip(snapshot.snapshot.symbols, [btc, eth]) {
            #expect(entry.bars1m == bars[(Self.warmupMinutes - 59)...Self.warmupMinutes].map(SnapshotBar.init), "the last 60 bars, oldest first")
            #expect(entry.ticker.last == bars[Self.warmupMinutes].close)
            #expect(entry.indicators.allSatisfy { $0.value != nil }, "warm")
        }
        let jobs = harness.jobLines.filter { $0.contains("@\(t1.milliseconds) ") }
        #expect(jobs.count >= 5)
        for line in jobs {
            let fields = line.split(separator: " ").map(String.init)
            #expect(fields[2] == round.snapshotHash && fields[3] == round.snapshotHash, "\(line)")
            #expect(fields[4] == "OPENING" && fields[5] == "10000", "\(line)")
        }

        // The slow model answers after its deadline: the late answer is not a second decision.
        try await Task.sleep(for: .seconds(4))
        let second = Self.minute(Self.warmupMinutes + 1, btc, eth)
        let t2 = Self.tick(after: second[0])
        for bar in second { try harness.gateway.publish(bar) }
        let all = try await harness.waitFor("the second round") { $0.messages(RoundRecord.self).contains { $0.tick == t2 } }
        let decisions = all.messages(ModelDecision.self)
        for tick in [t1, t2] {
            let ids = decisions.filter { $0.tick == tick }.map(\.decisionID)
            #expect(ids.sorted() == ["broken", "dead", "fast", "slow", "stale"].map { "\($0)@\(tick.milliseconds)" }, "one decision per model at \(tick)")
        }
        let hashes = Dictionary(all.messages(FeatureSnapshot.self).map { ($0.snapshot.tick, $0.snapshotHash) }) { a, _ in a }
        #expect(decisions.allSatisfy { hashes[$0.tick] == $0.snapshotHash })
        try await harness.waitFor("the risk guard's receipts", timeout: .seconds(20)) { _ in harness.riskReceipts.count >= 10 }
        try await Task.sleep(for: .milliseconds(500))
        let receipts = harness.riskReceipts
        #expect(receipts.count == 10, "\(receipts)")
        #expect(receipts.allSatisfy { $0.contains(" FIRST ") })

        // The store holds one decision per model and round, all acknowledged by the risk guard.
        let db = try await Store.open(.sqlite(path: harness.storePath))
        let rows = try await db.query("SELECT round_id, model_id, outcome, forwarded_at FROM features_decisions ORDER BY round_id, model_id", [])
        #expect(rows.count == 10)
        #expect(try rows.allSatisfy { try $0.decode("forwarded_at", as: Timestamp?.self) != nil })
        let roundRows = try await db.query("SELECT round_id, status, jobs, timed_out FROM features_rounds ORDER BY round_id", [])
        #expect(try roundRows.map { try $0.decode("status", as: String.self) } == ["closed", "closed"])
        #expect(try roundRows.map { try $0.decode("timed_out", as: Int64.self) } == [2, 2])
        await db.close()
    }

    @Test func restartsNeitherLoseNorRepeatDecisions() async throws {
        let btc = try SampleBars.minutes("BTCUSDT"), eth = try SampleBars.minutes("ETHUSDT")
        let harness = try ArenaHarness(
            .processes, features: Self.features, models: "- {id: fast, kind: all_cash}", history: Self.history(btc, eth), requestTimeoutMs: 400
        )
        defer { Task { await harness.shutdown() } }
        try await harness.startScorer("w1", ["fast=decide:BUY"])
        // The risk guard is down for the first round: the decision waits in the ledger.
        try await harness.startFeatures()
        let first = Self.minute(Self.warmupMinutes, btc, eth)
        let t1 = Self.tick(after: first[0]), id1 = "fast@\(t1.milliseconds)"
        for bar in first { try harness.gateway.publish(bar) }
        try await harness.waitFor("the first round") { $0.messages(RoundRecord.self).contains { $0.tick == t1 } }
        await harness.stopFeatures()

        // The risk guard comes up, slow to acknowledge a decision the first time:
        // the engine's request times out and it sends the decision again.
        try await harness.startRisk(slowFirstMs: 1_500)
        try await harness.startFeatures()
        try await harness.waitFor("the resent decision's receipts", timeout: .seconds(20)) { _ in harness.riskReceipts.count >= 2 }
        #expect(harness.riskReceipts.prefix(2).map { $0.split(separator: " ").prefix(3).joined(separator: " ") } == [
            "DECISION \(id1) FIRST", "DECISION \(id1) REPEAT",
        ])

        // The same minute delivered again after the restart: its tick had a round, so no second one.
        let jobsBefore = harness.jobLines.count
        for bar in first { try harness.gateway.publish(bar) }
        let second = Self.minute(Self.warmupMinutes + 1, btc, eth)
        let t2 = Self.tick(after: second[0])
        try await Task.sleep(for: .seconds(1))
        for bar in second { try harness.gateway.publish(bar) }
        let got = try await harness.waitFor("the second round") { $0.messages(RoundRecord.self).contains { $0.tick == t2 } }
        #expect(got.messages(RoundRecord.self).filter { $0.tick == t1 }.count == 1)
        // The restarted engine publishes its unforwarded decision again (the first process may have died before its socket
        // sent it): a subscriber connected by then hears it twice, the same decision, never a second one for the tick.
        let copies = got.messages(ModelDecision.self).filter { $0.decisionID == id1 }
        #expect((1...2).contains(copies.count) && Set(copies).count == 1, "\(copies)")
        #expect(harness.jobLines.count == jobsBefore + 1, "only the new tick's job: \(harness.jobLines)")
        try await harness.waitFor("the second decision's receipt", timeout: .seconds(20)) { _ in
            harness.riskReceipts.contains { $0.hasPrefix("DECISION fast@\(t2.milliseconds) FIRST") }
        }
        #expect(harness.riskReceipts.filter { $0.hasPrefix("DECISION \(id1) FIRST") }.count == 1)

        let db = try await Store.open(.sqlite(path: harness.storePath))
        let rows = try await db.query("SELECT decision_id FROM features_decisions ORDER BY decision_id", [])
        #expect(try rows.map { try $0.decode("decision_id", as: String.self) } == [id1, "fast@\(t2.milliseconds)"])
        await db.close()
    }

    @Test func noSnapshotAndNoRoundBeforeTheEngineIsWarm() async throws {
        let btc = try SampleBars.minutes("BTCUSDT"), eth = try SampleBars.minutes("ETHUSDT")
        // 30 minutes of history: fewer than the 60 bars a snapshot shows.
        let harness = try ArenaHarness(
            .inProcess, features: Self.features, models: "- {id: fast, kind: all_cash}", history: Array(btc.prefix(30)) + Array(eth.prefix(30))
        )
        defer { Task { await harness.shutdown() } }
        try await harness.startRisk()
        try await harness.startScorer("w1", ["fast=decide:BUY"])
        try await harness.startFeatures()
        for i in 30..<59 {
            for bar in Self.minute(i, btc, eth) { try harness.gateway.publish(bar) }
        }
        try await Task.sleep(for: .seconds(2))
        #expect(harness.received.messages(FeatureSnapshot.self).isEmpty && harness.received.messages(RoundRecord.self).isEmpty)
        #expect(harness.jobLines.isEmpty, "59 bars: no job")
        // From the 60th bar on, the first tick at which every indicator is warm gets the first snapshot and round.
        for i in 59..<120 {
            for bar in Self.minute(i, btc, eth) { try harness.gateway.publish(bar) }
            try await Task.sleep(for: .milliseconds(20))
        }
        let got = try await harness.waitFor("the first round once warm") { !$0.messages(RoundRecord.self).isEmpty }
        let snapshots = got.messages(FeatureSnapshot.self)
        let first = try #require(snapshots.first)
        #expect(first.snapshot.tick >= Self.tick(after: btc[59]))
        #expect(first.snapshot.symbols.allSatisfy { $0.bars1m.count == 60 && $0.indicators.allSatisfy { $0.value != nil } })
        #expect(got.messages(RoundRecord.self).first?.tick == first.snapshot.tick, "no round without a snapshot")
    }

    @Test func aDeadWorkersJobGoesToAnotherWorker() async throws {
        let btc = try SampleBars.minutes("BTCUSDT"), eth = try SampleBars.minutes("ETHUSDT")
        let harness = try ArenaHarness(
            .processes, features: Self.features.replacingOccurrences(of: "deadline_ms: 3000", with: "deadline_ms: 15000"),
            models: "- {id: thinker, kind: all_cash}", history: Self.history(btc, eth)
        )
        defer { Task { await harness.shutdown() } }
        try await harness.startRisk()
        try await harness.startScorer("w1", ["thinker=slow:2000"])
        try await harness.startFeatures()
        // The OMS reports the model's ledger; the job must carry it instead of the opening account.
        let ledger = AccountState(
            modelID: ModelID(unchecked: "thinker"), source: .ledger, asOf: Timestamp(milliseconds: 1_680_321_000_000), sequence: 7,
            cash: FixedDecimal(9_123), positions: [], nav: FixedDecimal(9_123), realizedPnL: FixedDecimal(-877), fees: FixedDecimal(3)
        )
        for _ in 0..<5 {
            try harness.oms.publish(ledger, topic: ArenaTopics.account(ledger.modelID))
            try await Task.sleep(for: .milliseconds(100))
        }
        let first = Self.minute(Self.warmupMinutes, btc, eth)
        let t1 = Self.tick(after: first[0])
        for bar in first { try harness.gateway.publish(bar) }
        let w1 = try #require(harness.scorers["w1"])
        let job = await w1.waitForLine(timeout: .seconds(20)) { $0.hasPrefix("JOB thinker@") }
        #expect(job?.hasSuffix(" LEDGER 9123") == true, "\(job ?? "no job")")
        w1.kill(SIGKILL)
        try await harness.startScorer("w2", ["thinker=slow:2000"])
        let got = try await harness.waitFor("the round") { $0.messages(RoundRecord.self).contains { $0.tick == t1 } }
        let decision = try #require(got.messages(ModelDecision.self).first { $0.tick == t1 })
        #expect(decision.outcome == .decided && decision.action == .buy)
        #expect(decision.worker?.hasPrefix("w2/") == true, "\(decision.worker ?? "nil")")
    }
}
