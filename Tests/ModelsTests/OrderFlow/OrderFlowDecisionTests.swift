import ArenaCore
import ArenaWire
import Testing
@testable import Models

/// Whole decisions: the bracket in ATR units with 1R and size, tiers,
/// cooldown from the model's history, flips, spot's long-only rule, and
/// byte-identical decisions for the same job.
@Suite struct OrderFlowDecisionTests {
    static let d = Flow.d

    @Test func aStrongLongOpensWithTheSeedsBracketInATRUnits() async throws {
        let decision = try await Flow.decide([Flow.entry(Flow.strong(.long))])
        #expect(decision.action == .buy && decision.intent == .open && decision.symbol == Flow.btc)
        let bracket = try #require(decision.bracket)
        // The seed's log: BTC LONG @ 65,781.85, ATR 170.18 → SL −510.54, TP1 +340.36, TP2 +765.81 (3.0 / 2.0 / 4.5 ATR).
        #expect(bracket.entryReference == Flow.price)
        #expect(bracket.stopLoss == Self.d("65271.31"))
        #expect(bracket.takeProfit1 == Self.d("66122.21"))
        #expect(bracket.takeProfit2 == Self.d("66547.66"))
        #expect(bracket.atr == Self.d("170.18") && bracket.stopATR == 3 && bracket.takeProfit1ATR == 2 && bracket.takeProfit2ATR == Self.d("4.5"))
        #expect(bracket.takeProfit1Fraction == Self.d("0.5") && bracket.breakEvenAfterTakeProfit1)
        #expect(bracket.timeStopSeconds == 3_600)
        #expect(bracket.riskAmount == 200)  // 2 % of 10,000 USDT
        #expect(decision.stopLoss == bracket.stopLoss && decision.takeProfit == bracket.takeProfit2)
        // 1R / 510.54 × 65,781.85 / NAV = 2.577 × NAV: capped at max_position.
        #expect(decision.positionSizePct == Self.d("0.2") && decision.leverage == 1)
        let details = try #require(decision.details)
        #expect(details.score == 94.5 && details.threshold == 75 && details.tier == "heavy" && details.direction == .buy)
        #expect(details.layers.map(\.name) == ["direction", "crowding", "funding", "environment", "confirmation", "liquidation", "auxiliary"])
        #expect(details.notes.contains { $0.hasPrefix("size capped at 0.2") })
        #expect(details.notes.contains { $0.hasPrefix("Coinbase premium missing") })
        #expect(details.input("atr_14") == Flow.atr && details.input("cvd_30m") == 12.5)
    }

    @Test func v51UsesItsOwnMultiples() async throws {
        let decision = try await Flow.decide([Flow.entry(Flow.strong(.long))], ["profile": "v51_baseline"])
        let bracket = try #require(decision.bracket)
        #expect(bracket.stopLoss == Self.d("65543.598"))  // − 1.4 × 170.18
        #expect(bracket.takeProfit1 == Self.d("65960.539"))  // + 1.05 × 170.18
        #expect(bracket.takeProfit2 == Self.d("66139.228"))  // + 2.1 × 170.18
        #expect(decision.details?.score == 102 && decision.details?.layers.count == 6)
    }

    /// Uncapped (max_position 10): size = 200 × 65,781.85 / (510.54 × 10,000), ×1.5 when heavy, rounded down.
    @Test(arguments: [
        ("standard", false, "2.576951", 3), ("heavy", true, "3.865427", 4),
    ])
    func sizeIsOneROverTheStopDistanceAndHeavyIsOneAndAHalfTimes(tier: String, heavy: Bool, size: String, leverage: Int) async throws {
        let flow = heavy ? Flow.strong(.long) : Flow.standard(.long)
        let decision = try await Flow.decide([Flow.entry(flow)], ["max_position": "10"])
        #expect(decision.details?.tier == tier)
        #expect(decision.positionSizePct == Self.d(size))
        #expect(decision.leverage == FixedDecimal(leverage))
        #expect(decision.bracket?.riskAmount == 200)
    }

    @Test func aShortOnAPerpetualHasItsStopAbove() async throws {
        let decision = try await Flow.decide([Flow.entry(Flow.strong(.short))])
        #expect(decision.action == .sell && decision.intent == .open)
        #expect(decision.bracket?.stopLoss == Self.d("66292.39") && decision.bracket?.takeProfit2 == Self.d("65016.04"))
    }

    @Test func spotNeverOpensAShortAndSizesWithoutLeverage() async throws {
        let short = try await Flow.decide([Flow.entry(Flow.strong(.short), market: .spot)])
        #expect(short.action == .hold && short.rationale.contains("spot is long-only"))
        #expect(short.details?.score == 87 && short.details?.direction == .sell)
        let long = try await Flow.decide([Flow.entry(Flow.strong(.long), market: .spot)], ["max_position": "10"])
        #expect(long.action == .buy && long.leverage == nil && long.positionSizePct == 1)
        #expect(long.details?.layer("funding")?.reason == "spot: no funding: 0")
    }

    @Test func cooldownFromHistoryBlocksAReEntryUntilItHasPassed() async throws {
        let entry = [Flow.entry(Flow.strong(.long))]
        let blocked = try await Flow.decide(entry, history: [Flow.earlier(.open, minutesAgo: 5), Flow.earlier(.close, minutesAgo: 2)])
        #expect(blocked.action == .hold && blocked.rationale.contains("cooldown: last entry 5 min ago < 10"))
        #expect(blocked.details?.score == 94.5)
        for history in [[Flow.earlier(.open, minutesAgo: 10)], [Flow.earlier(.open, Flow.eth, minutesAgo: 1)], [Flow.earlier(.none, minutesAgo: 1)]] {
            #expect(try await Flow.decide(entry, history: history).intent == .open)
        }
        let shorter = try await Flow.decide(entry, ["cooldown_minutes": "3"], history: [Flow.earlier(.flip, minutesAgo: 5)])
        #expect(shorter.intent == .open)
    }

    @Test func cooldownNeverBlocksAClose() async throws {
        let history = [Flow.earlier(.open, minutesAgo: 2)]
        let perp = try await Flow.decide([Flow.entry(Flow.strong(.short))], positions: [Flow.position("0.03")], history: history)
        #expect(perp.action == .sell && perp.intent == .close && perp.positionSizePct == 1 && perp.rationale.contains("cooldown"))
        let spot = try await Flow.decide([Flow.entry(Flow.strong(.short), market: .spot)], positions: [Flow.position("0.03")], history: history)
        #expect(spot.action == .sell && spot.intent == .close && spot.rationale.contains("spot is long-only"))
    }

    @Test func anOppositeReadingAtTheThresholdFlipsOnAPerpetual() async throws {
        let flip = try await Flow.decide([Flow.entry(Flow.strong(.short))], positions: [Flow.position("0.03")])
        #expect(flip.action == .sell && flip.intent == .flip && flip.positionSizePct == Self.d("0.2"))
        #expect(try #require(flip.bracket).stopLoss > Flow.price)
        let back = try await Flow.decide([Flow.entry(Flow.strong(.long))], positions: [Flow.position("-0.03")])
        #expect(back.action == .buy && back.intent == .flip)
        // Without 4h consensus the fast reading still closes (v51: 30 + 5 + 20 + 15 + 0 + 2 = 72 ≥ 70), but does not re-enter.
        var fastOnly = Flow.strong(.short)
        fastOnly.cvd4h = 1
        let close = try await Flow.decide(
            [Flow.entry(fastOnly)], ["profile": "v51_baseline", "threshold": "70"], positions: [Flow.position("0.03")]
        )
        #expect(close.details?.score == 72 && close.intent == .close && close.rationale.contains("no CVD 4h consensus"))
    }

    @Test func aReadingBelowTheThresholdOrWithThePositionHolds() async throws {
        let same = try await Flow.decide([Flow.entry(Flow.strong(.long))], positions: [Flow.position("0.03")])
        #expect(same.action == .hold && same.rationale.contains("holding LONG, flow agrees"))
        let weak = try await Flow.decide([Flow.entry(Flow.standard(.short))], ["threshold": "80", "heavy_threshold": "90"], positions: [Flow.position("0.03")])
        #expect(weak.action == .hold && weak.details?.score == 78.5 && weak.details?.tier == nil)
        var split = Flow.strong(.long)
        split.cvd4h = -1
        let flat = try await Flow.decide([Flow.entry(split)])
        #expect(flat.action == .hold && flat.rationale.contains("no consensus") && flat.details?.direction == .buy)
        var cold = Flow.strong(.long)
        cold.cvd30m = nil
        let warming = try await Flow.decide([Flow.entry(cold)])
        #expect(warming.action == .hold && warming.rationale.contains("CVD 30m missing") && warming.details?.score == nil)
    }

    @Test func acrossSymbolsTheBestEntryWinsAndACloseComesFirst() async throws {
        let entries = [Flow.entry(Flow.standard(.long)), Flow.entry(Flow.strong(.long), symbol: Flow.eth, price: 2_500, atr: 12)]
        let best = try await Flow.decide(entries)
        #expect(best.symbol == Flow.eth && best.intent == .open)
        let close = try await Flow.decide(entries, positions: [Flow.position("-1", Flow.btc)], history: [Flow.earlier(.open, minutesAgo: 1)])
        #expect(close.symbol == Flow.btc && close.intent == .close)
        let scoped = try await Flow.decide(entries, ["symbol": "BTCUSDT"])
        #expect(scoped.symbol == Flow.btc && scoped.details?.score == 78.5)
    }

    @Test func theSameJobTwiceGivesByteIdenticalDecisions() async throws {
        let entries = [Flow.entry(Flow.strong(.long)), Flow.entry(Flow.standard(.short), symbol: Flow.eth, price: 2_500, atr: 12)]
        for parameters in [[:], ["profile": "v51_baseline"]] {
            let a = try await Flow.decide(entries, parameters, history: [Flow.earlier(.open, Flow.eth, minutesAgo: 3)])
            let b = try await Flow.decide(entries, parameters, history: [Flow.earlier(.open, Flow.eth, minutesAgo: 3)])
            #expect(try CanonicalHash.bytes(of: a) == CanonicalHash.bytes(of: b))
            #expect(a.action != .hold)
        }
    }

    @Test func needsAreMetOnSpotAndInconsistentTiersAreRefused() throws {
        for profile in OrderFlowProfile.all {
            let needs = try Flow.model(["profile": profile.name]).needs
            #expect(needs.indicators == ["atr:14"] && needs.timeframe == .m5)
            #expect(needs.orderFlow.isSuperset(of: [.cvd, .largeTrades]) && !needs.orderFlow.contains(.fundingRate))
            #expect(needs.orderFlow.subtracting([.cvd, .largeTrades]).allSatisfy { $0.isOptional })
            for kind in [MarketKind.spot, .perpetual] {
                try needs.check(against: MarketCapabilities(kind: kind, indicatorTimeframe: .m5, hasTrades: true))
            }
            #expect(throws: ModelConfigError.self) { try needs.check(against: MarketCapabilities(kind: .spot, indicatorTimeframe: .m5, hasTrades: false)) }
            #expect(throws: ModelConfigError.self) { try needs.check(against: MarketCapabilities(kind: .perpetual, indicatorTimeframe: .m1, hasTrades: true)) }
        }
        #expect(try Flow.model().needs.fundingHistory == 90)
        #expect(try Flow.model().profile == .v52)
        #expect(throws: ModelConfigError.inconsistent(key: "heavy_threshold", reason: "80 is below threshold 85")) {
            try Flow.model(["threshold": "85", "heavy_threshold": "80"])
        }
        #expect(OrderFlowModel.schema.workload == .cpu && OrderFlowModels.all.map { $0.schema.kind } == ["orderflow"])
        // A required funding history (another kind's) is still refused on spot, alone or in a roster's union.
        let required = MarketNeeds(fundingHistory: 3)
        #expect(throws: ModelConfigError.self) { try required.check(against: MarketCapabilities(kind: .spot, indicatorTimeframe: .m5, hasTrades: true)) }
        #expect(try !Flow.model().needs.union(required).fundingHistoryIsOptional && required.union(MarketNeeds()) == required)
        #expect(try Flow.model().needs.union(MarketNeeds()).fundingHistoryIsOptional)
    }
}
