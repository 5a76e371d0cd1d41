import ArenaCore
import ArenaTesting
import Foundation
import Testing

/// `kill -9` of the OMS in the middle of a replay, with a bracket working and
/// a resting limit order, while the market goes on without it: the restarted
/// OMS rebuilds its orders and ledgers from its journal, fetches the minutes
/// it missed from the gateway's history, and ends with ledgers equal, field
/// for field, to those of a run that was never interrupted.
extension ExecutionProcessSuites {
@Suite struct OMSRecoveryTests {
    /// `count` minutes of real BTCUSDT and ETHUSDT 1m bars (Binance spot, 2023-04-01 …), from `start` or the first.
    static func minutes(from start: Timestamp? = nil, count: Int = 90) throws -> [[Bar]] {
        let btc = try SampleFeeds.minuteBars(SampleSnapshots.btc), eth = try SampleFeeds.minuteBars(SampleSnapshots.eth)
        let ethByTime = Dictionary(eth.map { ($0.openTime, $0) }, uniquingKeysWith: { a, _ in a })
        let first = btc.firstIndex { $0.openTime >= (start ?? btc[0].openTime) } ?? btc.count
        return Array(btc[first...].prefix(count).map { bar in [bar] + (ethByTime[bar.openTime].map { [$0] } ?? []) })
    }

    /// The orders the script places, by minute: two bracketed BTC entries for
    /// alpha (the second with a time stop after the restart), a resting ETH
    /// limit buy and a TWAP entry for beta, a later exit.
    static func commands(at minute: Int, bars: [Bar]) -> [OrderCommand] {
        let d = Self.d
        let time = bars[0].closeTime, btc = bars[0].close
        func order(_ model: String, _ leg: String, _ symbol: Symbol, _ side: Side, _ type: OrderType, _ quantity: FixedDecimal,
                   limit: FixedDecimal? = nil, purpose: OrderPurpose = .entry, reduceOnly: Bool = false) -> OrderSpec {
            OrderSpec(
                clientOrderID: ClientOrderID.derived(from: "\(model)@\(time.milliseconds)", leg: leg), modelID: ModelID(unchecked: model),
                source: "\(model)@\(time.milliseconds)", venue: VenueID(unchecked: "paper"), symbol: symbol, market: .spot, side: side,
                type: type, quantity: quantity, limitPrice: limit, reduceOnly: reduceOnly, purpose: purpose, createdAt: time
            )
        }
        func pct(_ price: FixedDecimal, _ factor: String) -> FixedDecimal { (try? price.multiplied(by: FixedDecimal(parsing: factor)).rounded(toPlaces: 2, .halfEven)) ?? price }
        switch minute {
        case 5:
            let bracket = Bracket(
                entryReference: btc, stopLoss: pct(btc, "0.996"), takeProfit1: pct(btc, "1.001"), takeProfit1Fraction: d("0.5"),
                takeProfit2: pct(btc, "1.004"), breakEvenAfterTakeProfit1: true, timeStopSeconds: 3_600
            )
            return [.place(OrderPlan(order: order("alpha", "entry", SampleSnapshots.btc, .buy, .market, d("0.05")), bracket: bracket), at: time)]
        case 8:
            let eth = bars.count > 1 ? bars[1].close : btc
            return [.place(OrderPlan(order: order("beta", "limit", SampleSnapshots.eth, .buy, .limit, 1, limit: pct(eth, "0.999"))), at: time)]
        case 36:
            let bracket = Bracket(
                entryReference: btc, stopLoss: pct(btc, "0.99"), takeProfit1: pct(btc, "1.01"), takeProfit1Fraction: d("0.5"),
                takeProfit2: nil, breakEvenAfterTakeProfit1: true, timeStopSeconds: 1_800
            )
            return [.place(OrderPlan(order: order("alpha", "entry2", SampleSnapshots.btc, .buy, .market, d("0.02")), bracket: bracket), at: time)]
        case 30:
            return [.place(OrderPlan(order: order("beta", "twap", SampleSnapshots.btc, .buy, .market, d("0.03")), twap: TWAPPlan(slices: 3, intervalSeconds: 60)), at: time)]
        case 70:
            return [.place(OrderPlan(order: order("beta", "exit", SampleSnapshots.btc, .sell, .market, d("0.03"), purpose: .exit, reduceOnly: true)), at: time)]
        default: return []
        }
    }

    static func d(_ text: String) -> FixedDecimal { try! FixedDecimal(parsing: text) }

    /// Runs the script; with `killAt`, the OMS is killed after that minute, misses the next ten, and is restarted.
    static func run(killAt: Int?) async throws -> (accounts: [ModelID: AccountState], fills: Int, openAtKill: Int) {
        let rig = try ExecutionRig(name: killAt == nil ? "oms-straight" : "oms-killed")
        var oms = try rig.start("oms")
        defer { oms.abandon() }
        try await rig.awaitSubscribed()
        var openAtKill = 0
        var minute = 0
        let minutes = try await OffPool.run { try Self.minutes() }
        while minute < minutes.count {
            let bars = minutes[minute]
            try await rig.step(bars)
            for command in commands(at: minute, bars: bars) {
                let ack = try await rig.ask(rig.oms, command, OrderCommandAck.self)
                #expect(ack.accepted, "\(command.commandID): \(ack.reason ?? "")\n\(oms.output.suffix(20).joined(separator: "\n"))")
            }
            if minute == killAt {
                openAtKill = rig.seen.withLock { s in
                    Set(s.orderEvents.map(\.order.clientOrderID)).subtracting(s.orderEvents.filter { $0.status.isTerminal }.map(\.order.clientOrderID)).count
                }
                oms.kill(SIGKILL)
                await oms.stop()
                // The market goes on: ten minutes only the gateway's history holds.
                for missed in minutes[(minute + 1)...(minute + 10)] { missed.forEach(rig.store) }
                oms = try rig.start("oms")
                try await rig.awaitSubscribed()
                let counters = try await rig.counters(rig.oms)
                #expect((counters["replayed_records"] ?? 0) > 0, "the ledgers came back from the journal")
                #expect(counters["caught_up_events"] == 20, "the ten missed minutes of both symbols came from the gateway's history")
                minute += 10
            }
            minute += 1
        }
        let result = rig.seen.withLock { ($0.accounts, $0.fills.count) }
        await oms.stop()
        await rig.close()
        return (result.0, result.1, openAtKill)
    }

    @Test func aKilledOMSRecoversTheSameLedgersAsAnUninterruptedRun() async throws {
        let straight = try await Self.run(killAt: nil)
        let killed = try await Self.run(killAt: 40)
        #expect(straight.fills >= 4, "the script trades: \(straight.fills) fills")
        #expect(killed.openAtKill >= 3, "orders were working when the OMS died: \(killed.openAtKill)")
        #expect(straight.accounts.count == 2)
        for model in ExecutionRig.models {
            #expect(killed.accounts[model] == straight.accounts[model], "\(model)")
        }
    }
}
}
