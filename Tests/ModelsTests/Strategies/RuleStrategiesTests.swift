import ArenaCore
import ArenaTesting
import ArenaWire
import Models
import Testing

/// What the seven rule strategies share: the SPEC §12 parameters and defaults,
/// refusal of parameters that do not fit together, needs derived from the
/// parameters, typed errors for missing inputs, long-only spot, and
/// deterministic decisions.
@Suite(.cpuBound) struct RuleStrategiesTests {
    typealias C = StrategyCheck

    /// SPEC §12, verbatim (plus the common `symbol`, default `all`).
    static let spec: [String: [String: Double]] = [
        "ema_trend": [
            "ema_fast": 9, "ema_medium": 21, "ema_slow": 55, "atr_period": 14, "stop_loss_atr": 2.0, "take_profit_atr": 4.0,
            "max_position": 0.20, "max_leverage": 3, "rsi_min": 50, "rsi_max": 70, "rsi_short_min": 30, "rsi_short_max": 50,
            "volume_threshold": 1.2,
        ],
        "bollinger_range": [
            "bb_period": 20, "bb_std": 2.0, "rsi_oversold": 35, "rsi_overbought": 65, "bandwidth_max": 0.04, "touch_threshold": 1.005,
            "stop_loss_pct": 0.02, "max_position": 0.25, "max_leverage": 2,
        ],
        "funding_rate_arbitrage": [
            "min_funding_rate": 0.001, "exit_funding_rate": 0.0005, "min_duration": 3, "history_window": 10, "max_position": 0.50,
            "max_leverage": 1,
        ],
        "breakout": [
            "lookback_period": 20, "breakout_threshold": 1.002, "volume_threshold": 1.5, "atr_period": 14, "stop_loss_atr": 2.0,
            "take_profit_atr": 4.0, "max_position": 0.25, "max_leverage": 3,
        ],
        "grid_trading": [
            "grid_count": 5, "grid_range": 0.04, "bb_period": 20, "bb_std": 2.0, "position_per_grid": 0.05, "max_position": 0.30,
            "max_leverage": 2,
        ],
        "momentum": [
            "momentum_period": 14, "price_momentum_threshold": 0.05, "volume_momentum_threshold": 1.3, "rsi_period": 14,
            "rsi_momentum_threshold": 5, "atr_period": 14, "stop_loss_atr": 2.5, "take_profit_atr": 5.0, "max_position": 0.20,
            "max_leverage": 3,
        ],
        "mean_reversion": [
            "ma_period": 20, "std_period": 20, "entry_std": 2.0, "exit_std": 0.5, "rsi_period": 14, "rsi_oversold": 30,
            "rsi_overbought": 70, "stop_loss_pct": 0.03, "max_position": 0.25, "max_leverage": 2,
        ],
    ]

    @Test func theSevenKindsAreListedOnce() {
        #expect(RuleStrategies.all.map { $0.schema.kind } == [
            "ema_trend", "bollinger_range", "breakout", "momentum", "mean_reversion", "grid_trading", "funding_rate_arbitrage",
        ])
        #expect(Set(C.catalog.names) == Set(Self.spec.keys))
    }

    @Test(arguments: RuleStrategies.all.map { $0.schema.kind })
    func theSchemaHasExactlyTheSpecDefaults(kind: String) throws {
        let schema = try #require(C.catalog.schema(of: kind))
        let expected = try #require(Self.spec[kind])
        #expect(Set(schema.parameters.map(\.key)) == Set(expected.keys).union(["symbol"]))
        let defaults = try schema.parameters([])
        for (key, value) in expected {
            let text = try #require(schema.parameters.first { $0.key == key }?.defaultValue)
            #expect(Double(text) == value, "\(kind).\(key) defaults to \(text), SPEC says \(value)")
            #expect(defaults.double(key) == value && defaults.decimal(key) == FixedDecimal("\(value)"))
        }
        #expect(defaults.symbolOrAll("symbol") == nil)
        #expect(schema.workload == .cpu)
    }

    @Test(arguments: [
        ("ema_trend", ["ema_fast": "21"], "ema_fast"), ("ema_trend", ["ema_medium": "60"], "ema_medium"),
        ("ema_trend", ["rsi_min": "75"], "rsi_min"), ("ema_trend", ["rsi_short_min": "55"], "rsi_short_min"),
        ("ema_trend", ["take_profit_atr": "1.5"], "take_profit_atr"), ("bollinger_range", ["rsi_oversold": "70"], "rsi_oversold"),
        ("breakout", ["take_profit_atr": "2"], "take_profit_atr"), ("momentum", ["stop_loss_atr": "6"], "take_profit_atr"),
        ("mean_reversion", ["exit_std": "2.5"], "exit_std"), ("mean_reversion", ["rsi_overbought": "25"], "rsi_oversold"),
        ("grid_trading", ["position_per_grid": "0.5"], "position_per_grid"),
        ("funding_rate_arbitrage", ["exit_funding_rate": "0.002"], "exit_funding_rate"),
        ("funding_rate_arbitrage", ["min_duration": "11"], "min_duration"),
    ])
    func inconsistentParametersAreRefusedNamingTheKey(kind: String, parameters: [String: String], key: String) throws {
        let spec = try Jobs.spec("bad", kind: kind, parameters)
        do {
            _ = try C.catalog.model(spec)
            Issue.record("\(kind) \(parameters) was accepted")
        } catch {
            guard case .inconsistent(let named, let reason) = error else { Issue.record("unexpected \(error)"); return }
            #expect(named == key && error.key == "params.\(key)" && reason.contains(key), "\(error)")
        }
    }

    @Test func needsFollowTheParameters() throws {
        func needs(_ kind: String, _ parameters: [String: String] = [:]) throws -> MarketNeeds {
            try C.catalog.model(try Jobs.spec("n", kind: kind, parameters)).needs
        }
        let ema = try needs("ema_trend", ["ema_fast": "5", "ema_slow": "100", "atr_period": "10"])
        #expect(ema.indicators == ["ema:5", "ema:21", "ema:100", "rsi:14", "atr:10"] && ema.bars == 21)
        #expect(try needs("bollinger_range", ["bb_std": "2.5"]).indicators == ["bbands:20:2.5", "rsi:14"])
        #expect(try needs("breakout", ["lookback_period": "30"]).bars == 31)
        #expect(try needs("momentum", ["momentum_period": "10", "rsi_period": "7"]) == MarketNeeds(indicators: ["rsi:7", "atr:14"], bars: 11))
        #expect(try needs("mean_reversion", ["std_period": "30", "ma_period": "50"]) == MarketNeeds(indicators: ["sma:50", "rsi:14"], bars: 30))
        #expect(try needs("grid_trading", ["bb_period": "30", "bb_std": "1.5"]).indicators == ["bbands:30:1.5"])
        #expect(try needs("funding_rate_arbitrage", ["history_window": "12"]) == MarketNeeds(orderFlow: [.fundingRate], fundingHistory: 12))
        for kind in RuleStrategies.all {
            #expect(!(try needs(kind.schema.kind).columns()).isEmpty || kind.schema.kind == "funding_rate_arbitrage")
        }
    }

    static let capped = ["min_funding_rate": "0.0001", "exit_funding_rate": "0.00005"]

    /// For each kind: a spot tick where its short conditions hold (a HOLD saying spot is long-only), the
    /// perpetual tick where the same kind opens that short, and its size and max_leverage.
    static let shorts: [(kind: String, parameters: [String: String], spot: Int64, perpetual: Int64, size: String, leverage: String)] = [
        ("ema_trend", [:], 1_680_344_100_000, 1_748_382_300_000, "0.2", "3"),
        ("bollinger_range", [:], 1_680_379_500_000, 1_748_432_400_000, "0.25", "2"),
        ("breakout", [:], 1_680_358_800_000, 1_748_426_700_000, "0.25", "3"),
        ("momentum", ["price_momentum_threshold": "0.02"], 1_680_552_900_000, 1_748_526_300_000, "0.2", "3"),
        ("mean_reversion", [:], 1_680_381_300_000, 1_748_435_100_000, "0.25", "2"),
        ("grid_trading", [:], 1_680_342_000_000, 1_748_435_100_000, "0.05", "2"),
        ("funding_rate_arbitrage", capped, 1_680_341_400_000, 1_748_390_700_000, "0.5", "1"),
    ]

    /// Spot never opens a short: no tick of the three spot days sells to open, and where the short conditions hold
    /// the decision is a HOLD saying so; on the perpetual the same kind opens the short, levered.
    @Test(arguments: Self.shorts.indices)
    func spotNeverOpensAShort(index: Int) async throws {
        let (kind, parameters, spotTick, perpetualTick, size, leverage) = Self.shorts[index]
        for snapshot in try RealMarket.spot.snapshots {
            let d = try await C.decide(kind, parameters, at: snapshot)
            #expect(!(d.action == .sell && d.intent.addsRisk), "\(snapshot.tick): \(d.rationale)")
            #expect(d.leverage == nil)
        }
        let hold = try await C.decide(kind, parameters, at: try C.snapshot(.spot, spotTick))
        C.expectHold(hold)
        #expect(hold.rationale.contains("long-only") || hold.rationale.contains("perpetuals only"), "\(hold.rationale)")
        let short = try await C.decide(kind, parameters, at: try C.snapshot(.perpetual, perpetualTick))
        C.expectOrder(short, .sell, .open, RealMarket.eth, size: size, leverage: leverage, at: perpetualTick)
    }

    /// The same job, decided by two model instances, and the same tick replayed through a second feature
    /// engine, give byte-identical decisions (canonical encoding).
    @Test func theSameJobGivesByteIdenticalDecisions() async throws {
        let spot = try RealMarket(minutes: RealMarket.spot.minutes, market: .spot, funding: [])
        let perpetual = try RealMarket(minutes: RealMarket.perpetual.minutes, market: .perpetual, funding: RealMarket.fundingEvents(RealMarket.eth))
        for (kind, parameters, tick, onPerpetual) in [
            ("ema_trend", [:], 1_680_379_500_000, false), ("bollinger_range", [:], 1_680_350_400_000, false),
            ("breakout", [:], 1_680_381_300_000, false), ("momentum", ["price_momentum_threshold": "0.02"], 1_680_510_000_000, false),
            ("mean_reversion", [:], 1_680_358_800_000, false), ("grid_trading", [:], 1_680_552_600_000, false),
            ("funding_rate_arbitrage", Self.capped, 1_748_390_700_000, true),
        ] as [(String, [String: String], Int64, Bool)] {
            let (market, replayed) = onPerpetual ? (try RealMarket.perpetual, perpetual) : (try RealMarket.spot, spot)
            let snapshot = try C.snapshot(market, tick), again = try C.snapshot(replayed, tick)
            let first = try await C.decide(kind, parameters, at: snapshot)
            #expect(first.action != .hold, "\(kind): \(first.rationale)")
            let bytes = try CanonicalHash.bytes(of: first)
            #expect(try CanonicalHash.bytes(of: try await C.decide(kind, parameters, at: snapshot)) == bytes, "\(kind)")
            #expect(try CanonicalHash.bytes(of: try await C.decide(kind, parameters, at: again)) == bytes, "\(kind) replayed")
        }
    }

    /// A missing indicator, a short bar history or a short funding history is a typed error, not a guess.
    @Test func missingInputsAreTypedErrors() async throws {
        var snapshot = try C.snapshot(.spot, 1_680_379_500_000)
        snapshot.symbols[0].indicators.removeAll { $0.name == "ema_9" }
        await #expect(throws: ModelInputError.missingInput(symbol: RealMarket.btc, name: "ema_9")) {
            try await C.decide("ema_trend", at: snapshot)
        }
        snapshot.symbols[0].bars = Array(snapshot.symbols[0].bars.suffix(10))
        await #expect(throws: ModelInputError.shortHistory(symbol: RealMarket.btc, needed: 21, held: 10)) {
            try await C.decide("breakout", at: snapshot)
        }
        var perpetual = try C.snapshot(.perpetual, 1_748_390_700_000)
        perpetual.symbols[0].fundingHistory = Array(perpetual.symbols[0].fundingHistory.suffix(2))
        await #expect(throws: ModelInputError.shortFundingHistory(symbol: RealMarket.eth, needed: 3, held: 2)) {
            try await C.decide("funding_rate_arbitrage", Self.capped, at: perpetual)
        }
    }
}
