import ArenaCore
import ArenaTesting
import Foundation
import Testing

/// The OMS's store becomes unwritable (another writer holds it) during a
/// replay: a new entry is refused with `store_unavailable` and an alert,
/// while a closing order goes through and fills; once the store is back the
/// records kept in memory are written, and a `kill -9` right after loses
/// nothing: the restarted OMS's ledgers are the ones it had published.
extension ExecutionProcessSuites {
@Suite struct StoreOutageTests {
    @Test func anOutageRefusesNewRiskLetsExitsThroughAndLosesNothing() async throws {
        let rig = try ExecutionRig(name: "oms-outage")
        var oms = try rig.start("oms")
        defer { oms.abandon() }
        try await rig.awaitSubscribed()
        let minutes = try await OffPool.run { try OMSRecoveryTests.minutes(count: 12) }
        let d = OMSRecoveryTests.d
        func order(_ model: String, _ leg: String, _ symbol: Symbol, _ side: Side, _ quantity: String, at bars: [Bar], exit: Bool = false) -> OrderCommand {
            let time = bars[0].closeTime, source = "\(model)@\(time.milliseconds)"
            return .place(OrderPlan(order: OrderSpec(
                clientOrderID: .derived(from: source, leg: leg), modelID: ModelID(unchecked: model), source: source,
                venue: VenueID(unchecked: "paper"), symbol: symbol, market: .spot, side: side, type: .market, quantity: d(quantity),
                reduceOnly: exit, purpose: exit ? .exit : .entry, createdAt: time
            )), at: time)
        }
        for minute in 0..<8 {
            try await rig.step(minutes[minute])
            if minute == 2 {
                #expect(try await rig.ask(rig.oms, order("alpha", "entry", SampleSnapshots.btc, .buy, "0.05", at: minutes[minute]), OrderCommandAck.self).accepted)
            }
        }
        let path = rig.folder.appendingPathComponent("arena.sqlite").path
        let lock = try await StoreLock(path: path)
        try await rig.step(minutes[8])
        let entry = try await rig.ask(rig.oms, order("beta", "entry", SampleSnapshots.eth, .buy, "1", at: minutes[8]), OrderCommandAck.self)
        #expect(!entry.accepted && entry.reason?.hasPrefix("store_unavailable") == true, "\(entry)")
        let exit = try await rig.ask(rig.oms, order("alpha", "exit", SampleSnapshots.btc, .sell, "0.05", at: minutes[8], exit: true), OrderCommandAck.self)
        #expect(exit.accepted, "a closing order passes whatever the store does: \(exit)")
        try await rig.step(minutes[9])
        try await rig.until("the exit's fill") { $0.fills.contains { $0.purpose == .exit } }
        #expect(rig.seen.withLock { $0.alerts.contains { $0.kind == "store_down" } })
        #expect((try await rig.counters(rig.oms)["unpersisted_records"] ?? 0) > 0, "records wait in memory")
        await lock.unlock()
        let clock = ContinuousClock(), end = clock.now.advanced(by: .seconds(30))
        while try await rig.counters(rig.oms)["unpersisted_records"] != 0 {
            guard clock.now < end else { throw RigError("the records kept in memory were never written") }
            try await Task.sleep(for: .milliseconds(100))
        }
        try await rig.until("the store_recovered alert") { $0.alerts.contains { $0.kind == "store_recovered" } }
        let before = rig.seen.withLock { $0.accounts }
        oms.kill(SIGKILL)
        await oms.stop()
        oms = try rig.start("oms")
        try await rig.awaitSubscribed()
        try await rig.step(minutes[10])
        let after = rig.seen.withLock { $0.accounts }
        for model in ExecutionRig.models {
            let was = try #require(before[model]), now = try #require(after[model])
            #expect(now.cash == was.cash && now.realizedPnL == was.realizedPnL && now.fees == was.fees, "\(model): \(was) → \(now)")
            #expect(now.positions.map(\.quantity) == was.positions.map(\.quantity), "\(model)")
        }
        #expect(after[ExecutionRig.models[0]]?.positions.isEmpty == true, "the exit closed alpha's position and it stayed closed")
        await oms.stop()
        await rig.close()
    }
}
}
