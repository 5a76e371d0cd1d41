import ArenaCore
import ArenaRuntime
import ArenaTesting
import FeaturesService
import Testing

/// The `models` and `features` sections and the config hash.
@Suite struct ModelsConfigTests {
    static let catalogue = ServiceCatalogue([FeaturesComponent.self])

    static func parse(_ extra: String) throws -> ArenaConfig {
        let file = TestArenaConfig(catalogue: catalogue, ports: .consecutive(from: 20_000), sections: extra)
        return try ArenaConfig.parse(yaml: file.yaml, catalogue: catalogue)
    }

    @Test func parametersAreFlattenedSortedAndHashed() throws {
        let config = try Self.parse("""
            models:
              - id: vote
                kind: ensemble
                version: "2"
                params: {mode: confidence, members: [cash, hold]}
              - {id: cash, kind: all_cash}
              - {id: hold, kind: buy_and_hold, params: {symbol: ETHUSDT, position_size: 0.5}}
              - {id: off, kind: all_cash, enabled: false}
            """)
        let vote = try config.section(ModelsConfig.self).models[0]
        #expect(vote.parameters.map(\.key) == ["members", "mode"])
        #expect(vote.parameters.first { $0.key == "members" }?.value == "cash,hold")
        #expect(try config.section(ModelsConfig.self).enabled.map(\.id.value) == ["vote", "cash", "hold"])
        let roster = try ModelRoster(config.section(ModelsConfig.self))
        #expect(roster.models.count == 3 && roster.models[0].configHash.count == 64)
        #expect(roster.fileIndices == [0, 1, 2])
        // The hash is a function of the configuration: the same again, another for any change.
        let cash = "\n  - {id: cash, kind: all_cash}\n  - {id: hold, kind: buy_and_hold, params: {symbol: ETHUSDT, position_size: 0.5}}"
        let again = try ModelRoster(Self.parse("models:\n  - {id: vote, kind: ensemble, version: \"2\", params: {members: [cash, hold], mode: confidence}}" + cash)
            .section(ModelsConfig.self))
        #expect(again.models[0].configHash == roster.models[0].configHash)
        let changed = try ModelRoster(Self.parse("models:\n  - {id: vote, kind: ensemble, version: \"2\", params: {members: [cash, hold], mode: majority}}" + cash)
            .section(ModelsConfig.self))
        #expect(changed.models[0].configHash != roster.models[0].configHash)
    }

    /// Spec §5: a roster entry whose kind, parameters or needs do not fit is
    /// refused when the configuration loads (at start, and by `arena config
    /// check`), naming the entry's key.
    @Test(arguments: [
        ("- {id: a, kind: crystal_ball}", "models[0].kind", "unknown model kind 'crystal_ball'"),
        ("- {id: a, kind: all_cash, params: {provider: {base_url: x}}}", "models[0].params.provider.base_url", "no parameter"),
        ("- {id: a, kind: buy_and_hold, params: {position_size: lots}}", "models[0].params.position_size", "is not a number"),
        ("- {id: a, kind: buy_and_hold, params: {symbol: 'btc usdt'}}", "models[0].params.symbol", "is not a symbol"),
        ("- {id: a, kind: all_cash, enabled: false}\n  - {id: b, kind: ensemble, params: {members: [a, c]}}", "models[1].params.members",
         "not an enabled model"),
        ("- {id: a, kind: ensemble}", "models[0].params.members", "needs parameter 'members'"),
        ("- {id: a, kind: orderflow, params: {profile: v53}}", "models[0].params.profile", "is not one of v51_baseline, v52_8signals"),
        // The test configuration replays nothing: no trade feed for the order flow to come from.
        ("- {id: a, kind: orderflow}", "models[0].market", "no trade feed"),
    ])
    func aRosterThatCannotRunIsRefusedNamingTheKey(roster: String, key: String, reason: String) {
        #expect { try Self.parse("models:\n  " + roster) } throws: { error in
            let text = "\(error)"
            return text.contains(key) && text.contains(reason)
        }
    }

    @Test func anOrderFlowModelRunsWhenTheReplayHasTrades() throws {
        let config = try Self.parse("""
            market: {source: replay, replay: {files: [{format: aggtrades}]}}
            features: {indicators: "ema:9,adx:14,bbands:20:2,atrpct:14:100"}
            models:
              - {id: flow, kind: orderflow, params: {profile: v51_baseline}}
            """)
        // The order-flow scorer reads ATR(5m, 14), which the configured list lacks: the engine adds it.
        let plan = try RosterPlan(config)
        #expect(plan.indicators == "ema:9,adx:14,bbands:20:2,atrpct:14:100,atr:14")
    }

    @Test func theFeatureEngineComputesTheUnionOfTheRostersNeeds() throws {
        let config = try Self.parse("""
            features: {indicators: "ema:9,adx:14,bbands:20:2,atrpct:14:100"}
            models:
              - {id: cash, kind: all_cash}
            """)
        let plan = try RosterPlan(config)
        #expect(plan.indicators == "ema:9,adx:14,bbands:20:2,atrpct:14:100")
        #expect(plan.barHistory == 1 && plan.fundingHistory == 0)
    }

    @Test func badRostersAreRefusedNamingTheKey() {
        #expect { try Self.parse("models:\n  - {id: a, kind: all_cash}\n  - {id: a, kind: all_cash}") } throws: { "\($0)".contains("models[1].id") }
        #expect { try Self.parse("models:\n  - {id: a, kind: all_cash, colour: red}") } throws: { "\($0)".contains("colour") }
        #expect { try Self.parse("models:\n  - {id: 'a b', kind: all_cash}") } throws: { "\($0)".contains("model id") }
        #expect { try Self.parse("models:\n  - {id: a}") } throws: { "\($0)".contains("kind") }
    }

    @Test func theClockSettingsAreChecked() throws {
        let defaults = try Self.parse("").section(FeaturesConfig.self)
        #expect(defaults.tickSeconds == 300 && defaults.deadlineMs == 8_000 && defaults.warmupHours == 24)
        #expect { try Self.parse("features: {tick_seconds: 5, deadline_ms: 8000}") } throws: { "\($0)".contains("features.deadline_ms") }
        #expect { try Self.parse("features: {starting_capital: -5}") } throws: { "\($0)".contains("features.starting_capital") }
        #expect { try Self.parse("features: {indicator_timeframe: 2m}") } throws: { "\($0)".contains("features.indicator_timeframe") }
    }
}
