import ArenaCore
import ArenaTesting
import Foundation
import Testing

/// `arena-oms` in live mode against a local Binance that speaks the real API and checks signatures
/// (``FakeBinance``): orders go out signed and come back filled; after a `kill -9` during which the
/// venue filled a resting order and the account's balance moved, the restarted OMS applies the fill
/// once, lists the differences in an alert, and its ledger agrees with the venue. The trading switch
/// sends nothing to a production venue unless `TRADING_ENABLED=true`. No key or secret is in any
/// log line or stored byte.
extension ExecutionProcessSuites {
@Suite struct LiveVenueOMSTests {
    static let alpha = ExecutionRig.models[0]
    static let secret = "live-oms-test-secret-9f3a7c2e5b1d"
    static let key = "live-oms-test-key-4e8b6a0d2c7f1e93"

    /// A rig whose OMS trades at `fake` as `environment`, querying working orders every `pollMs`.
    static func rig(_ name: String, environment: String, fake: FakeBinance, pollMs: Int = 200, timeoutMs: Int = 3_000) throws -> ExecutionRig {
        try ExecutionRig(name: name, risk: """
            execution:
              venue: {exchange: binance, market: spot, environment: \(environment), base_url: "\(fake.baseURL)", poll_ms: \(pollMs), request_timeout_ms: \(timeoutMs)}
            """)
    }

    static func fake(canWithdraw: Bool = false) async throws -> FakeBinance {
        var configuration = FakeBinance.Configuration()
        configuration.apiKey = key
        configuration.secretKey = secret
        configuration.canWithdraw = canWithdraw
        return try await FakeBinance(configuration)
    }

    static func variables(trading: String?) -> [String: String] {
        var v = ["ARENA_ARENA__MODE": "live", "BINANCE_API_KEY": key, "BINANCE_API_SECRET": secret]
        if let trading { v["TRADING_ENABLED"] = trading }
        return v
    }

    static func order(_ leg: String, _ type: OrderType, _ quantity: String, limit: String? = nil, at time: Timestamp) -> OrderCommand {
        .place(OrderPlan(order: OrderSpec(
            clientOrderID: ClientOrderID.derived(from: "alpha@\(time.milliseconds)", leg: leg), modelID: alpha, source: "alpha@\(time.milliseconds)",
            venue: VenueID(unchecked: "binance"), symbol: SampleSnapshots.btc, market: .spot, side: .buy, type: type,
            quantity: try! FixedDecimal(parsing: quantity), limitPrice: limit.map { try! FixedDecimal(parsing: $0) }, reduceOnly: false,
            purpose: .entry, createdAt: time
        )), at: time)
    }

    @Test func ordersFillAtTheVenueAndARestartReconcilesWhatHappenedWhileDown() async throws {
        let fake = try await Self.fake()
        // No polling within the test's time: a fill while the OMS runs can only arrive by the user-data stream.
        let rig = try Self.rig("live-oms", environment: "testnet", fake: fake, pollMs: 600_000)
        defer { Task { await fake.stop() } }
        var oms = try rig.start("oms", extra: Self.variables(trading: nil), standardError: true)
        var logs: [String] = []
        defer { oms.abandon() }
        try await rig.awaitSubscribed()
        let minutes = try await OffPool.run { try OMSRecoveryTests.minutes(count: 4) }
        try await rig.step(minutes[0])
        let time = minutes[0][0].closeTime
        let market = Self.order("market", .market, "0.01", at: time), resting = Self.order("limit", .limit, "0.02", limit: "40000", at: time)
        for command in [market, resting] {
            let ack = try await rig.ask(rig.oms, command, OrderCommandAck.self)
            #expect(ack.accepted, "\(ack.reason ?? "")")
        }
        let marketID = try #require(market.plan?.order.clientOrderID), restingID = try #require(resting.plan?.order.clientOrderID)
        try await rig.until("the market order filled at the venue and the limit order working there") { seen in
            seen.fills.contains { $0.clientOrderID == marketID } && seen.orderEvents.contains { $0.order.clientOrderID == restingID && $0.status == .accepted }
        }
        let first = try #require(rig.seen.withLock { $0.fills.first { $0.clientOrderID == marketID } })
        // The fake fills a market order at 50,000 with a commission of 0.1 % of the quote amount, in USDT.
        #expect(first.price == 50_000 && first.quantity == FixedDecimal("0.01") && first.fee == FixedDecimal("0.5"))
        #expect(rig.seen.withLock { s in s.orderEvents.filter { $0.order.clientOrderID == marketID }.map(\.status) } == [.new, .accepted, .filled])
        #expect(fake.placementsAccepted == 2 && fake.apiKeysSeen == [Self.key])
        // A resting order filled at the venue while the OMS runs: pushed by the user-data stream.
        let pushed = Self.order("pushed", .limit, "0.01", limit: "45000", at: time)
        let pushedID = try #require(pushed.plan?.order.clientOrderID)
        _ = try await rig.ask(rig.oms, pushed, OrderCommandAck.self)
        try await rig.until("the pushed order working") { seen in seen.orderEvents.contains { $0.order.clientOrderID == pushedID && $0.status == .accepted } }
        fake.fill(clientOrderID: pushedID.value, price: 45_000)
        try await rig.until("the pushed fill") { seen in seen.fills.contains { $0.clientOrderID == pushedID } }

        // Down: the venue fills the resting order, and 250 USDT arrive on the account from elsewhere.
        oms.kill()
        await oms.stop()
        logs += oms.output
        fake.fill(clientOrderID: restingID.value, price: 40_000)
        fake.adjustBalance("USDT", by: 250)
        oms = try rig.start("oms", extra: Self.variables(trading: nil), standardError: true)
        do {
            try await rig.until("the fill made while the OMS was down", within: .seconds(60)) { seen in
                seen.fills.contains { $0.clientOrderID == restingID } && seen.alerts.contains { $0.kind == "reconciliation" }
            }
        } catch {
            Issue.record("\(error); the OMS wrote: \(oms.output.suffix(30).joined(separator: "\n"))")
            throw error
        }
        let alert = try #require(rig.seen.withLock { $0.alerts.first { $0.kind == "reconciliation" } })
        #expect(alert.message.contains(restingID.value) && alert.message.contains("FILLED"), "\(alert.message)")
        #expect(alert.message.contains("USDT balance moved by 250"), "\(alert.message)")
        #expect(!alert.message.contains("BTC balance"), "the BTC bought is the arena's: \(alert.message)")
        // A fill is never booked twice: reconciliation reported it again, and the OMS's next minute is published after it.
        try await rig.step(minutes[1])
        let fills = rig.seen.withLock { $0.fills.filter { $0.clientOrderID == restingID } }
        #expect(fills.count == 1 && fills.first?.price == 40_000 && fills.first?.fee == FixedDecimal("0.8"))
        // The ledger is the venue's: 0.04 BTC bought (the venue holds 1 + 0.04), 1,751.75 USDT spent with commissions.
        try await rig.until("alpha's account with the three fills") { seen in seen.accounts[Self.alpha]?.positions.first?.quantity == FixedDecimal("0.04") }
        let account = try #require(rig.seen.withLock { $0.accounts[Self.alpha] })
        #expect(account.cash == FixedDecimal("8248.25") && fake.balance("BTC") == FixedDecimal("1.04"))
        oms.kill(SIGTERM)
        await oms.stop()
        logs += oms.output
        // Nothing secret in any log line or stored byte.
        #expect(logs.count > 10 && logs.contains { $0.contains("trading switch: TESTNET") } && logs.contains { $0.contains("user-data stream live") })
        #expect(!logs.contains { $0.contains(Self.secret) || $0.contains(Self.key) })
        let stored = try Data(contentsOf: rig.folder.appendingPathComponent("arena.sqlite"))
        let wal = (try? Data(contentsOf: rig.folder.appendingPathComponent("arena.sqlite-wal"))) ?? Data()
        for secret in [Self.secret, Self.key] { #expect(stored.range(of: Data(secret.utf8)) == nil && wal.range(of: Data(secret.utf8)) == nil) }
        await rig.close()
    }

    /// Against a venue configured as the real exchange, orders are refused with `live_trading_disabled`
    /// and no request at all reaches it, unless `TRADING_ENABLED=true`, when they go out (the fake counts).
    @Test func theSwitchSendsNothingToProductionUnlessTradingIsEnabled() async throws {
        let fake = try await Self.fake()
        defer { Task { await fake.stop() } }
        for (trading, sends) in [(nil, false), ("false", false), ("true", true)] as [(String?, Bool)] {
            let rig = try Self.rig("live-switch", environment: "production", fake: fake)
            let oms = try rig.start("oms", extra: Self.variables(trading: trading), standardError: true)
            let risk = try rig.start("risk", extra: Self.variables(trading: trading), standardError: true)
            try await rig.awaitSubscribed()
            let minutes = try await OffPool.run { try OMSRecoveryTests.minutes(count: 1) }
            try await rig.step(minutes[0])
            let command = Self.order("switch-\(trading ?? "unset")", .market, "0.01", at: minutes[0][0].closeTime)
            let id = try #require(command.plan?.order.clientOrderID)
            _ = try await rig.ask(rig.oms, command, OrderCommandAck.self)
            try await rig.until("the order's outcome") { seen in
                seen.orderEvents.contains { $0.order.clientOrderID == id && ($0.status == .rejected || $0.status == .filled) }
            }
            let last = try #require(rig.seen.withLock { $0.orderEvents.last { $0.order.clientOrderID == id } })
            if sends {
                #expect(last.status == .filled && fake.requests("POST /api/v3/order") == 1)
                #expect(oms.output.contains { $0.contains("trading switch: LIVE") })
            } else {
                #expect(last.status == .rejected && last.reason?.contains("live_trading_disabled") == true)
                #expect(fake.requestsByPath.isEmpty, "no request reaches a production venue: \(fake.requestsByPath)")
                #expect(oms.output.contains { $0.contains("trading switch: OFF") })
            }
            try await rig.until("the risk guard's switch line") { _ in risk.output.contains { $0.contains("trading switch:") } }
            for process in [oms, risk] {
                process.kill(SIGTERM)
                await process.stop()
            }
            await rig.close()
        }
    }

    /// A placement whose answer never comes (the venue took it and filled it) ends as exactly one
    /// filled order, whether the user-data stream's push or the query of its client order id settles
    /// it first: it is never placed again. A key that may withdraw turns every order away, with an alert.
    @Test func anUnknownPlacementEndsAsOneFilledOrderAndAKeyThatMayWithdrawSendsNothing() async throws {
        let fake = try await Self.fake()
        defer { Task { await fake.stop() } }
        let rig = try Self.rig("live-unknown", environment: "testnet", fake: fake, timeoutMs: 1_000)
        let oms = try rig.start("oms", extra: Self.variables(trading: nil), standardError: true)
        try await rig.awaitSubscribed()
        let minutes = try await OffPool.run { try OMSRecoveryTests.minutes(count: 1) }
        try await rig.step(minutes[0])
        fake.injectPlacementFault(.acceptThenHold(.seconds(4)))
        let command = Self.order("unknown", .market, "0.01", at: minutes[0][0].closeTime)
        let id = try #require(command.plan?.order.clientOrderID)
        _ = try await rig.ask(rig.oms, command, OrderCommandAck.self)
        try await rig.until("the order settled after its unknown outcome") { seen in
            seen.orderEvents.contains { $0.order.clientOrderID == id && $0.status == .filled }
        }
        let statuses = rig.seen.withLock { s in s.orderEvents.filter { $0.order.clientOrderID == id }.map(\.status) }
        #expect(statuses.first == .new && statuses.last == .filled && statuses.filter { $0 == .filled }.count == 1, "\(statuses)")
        // The placement's own answer times out 1 s after it was sent; what the OMS makes of it (UNKNOWN,
        // then a query) comes after that: wait past it, then count.
        try await Task.sleep(for: .milliseconds(1_500))
        #expect(rig.seen.withLock { s in s.fills.filter { $0.clientOrderID == id }.count } == 1)
        #expect(fake.placementsAccepted == 1 && fake.requests("POST /api/v3/order") == 1)
        oms.kill()
        await oms.stop()
        await rig.close()

        let withdrawing = try await Self.fake(canWithdraw: true)
        defer { Task { await withdrawing.stop() } }
        let refusing = try Self.rig("live-withdraw", environment: "testnet", fake: withdrawing)
        let second = try refusing.start("oms", extra: Self.variables(trading: nil), standardError: true)
        try await refusing.awaitSubscribed()
        try await refusing.step(minutes[0])
        let refused = Self.order("withdraw", .market, "0.01", at: minutes[0][0].closeTime)
        let refusedID = try #require(refused.plan?.order.clientOrderID)
        try await refusing.until("the key's refusal") { seen in seen.alerts.contains { $0.kind == "live_orders_refused" } }
        _ = try await refusing.ask(refusing.oms, refused, OrderCommandAck.self)
        try await refusing.until("the order's rejection") { seen in
            seen.orderEvents.contains { $0.order.clientOrderID == refusedID && $0.status == .rejected }
        }
        let rejection = try #require(refusing.seen.withLock { $0.orderEvents.last { $0.order.clientOrderID == refusedID } })
        #expect(rejection.reason?.contains("withdrawal_permission") == true)
        #expect(withdrawing.requests("POST /api/v3/order") == 0)
        second.kill()
        await second.stop()
        await refusing.close()
    }
}
}
