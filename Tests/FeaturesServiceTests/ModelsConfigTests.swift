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
              - id: gpt
                kind: llm
                version: "2"
                params: {temperature: 0.2, provider: {base_url: "http://127.0.0.1:9", model: x}, symbols: [BTCUSDT, ETHUSDT]}
              - {id: cash, kind: all_cash, enabled: false}
            """)
        let gpt = try config.section(ModelsConfig.self).models[0]
        #expect(gpt.parameters.map(\.key) == ["provider.base_url", "provider.model", "symbols", "temperature"])
        #expect(gpt.parameters.first { $0.key == "symbols" }?.value == "BTCUSDT,ETHUSDT")
        #expect(try config.section(ModelsConfig.self).enabled.map(\.id.value) == ["gpt"])
        let roster = try ModelRoster(config.section(ModelsConfig.self))
        #expect(roster.models.count == 1 && roster.models[0].configHash.count == 64)
        // The hash is a function of the configuration: the same again, another for any change.
        let again = try ModelRoster(Self.parse("""
            models:
              - {id: gpt, kind: llm, version: "2", params: {symbols: [BTCUSDT, ETHUSDT], temperature: 0.2, provider: {model: x, base_url: "http://127.0.0.1:9"}}}
            """).section(ModelsConfig.self))
        #expect(again.models[0].configHash == roster.models[0].configHash)
        let changed = try ModelRoster(Self.parse("""
            models:
              - {id: gpt, kind: llm, version: "2", params: {symbols: [BTCUSDT, ETHUSDT], temperature: 0.3, provider: {model: x, base_url: "http://127.0.0.1:9"}}}
            """).section(ModelsConfig.self))
        #expect(changed.models[0].configHash != roster.models[0].configHash)
    }

    @Test func badRostersAreRefusedNamingTheKey() {
        #expect { try Self.parse("models:\n  - {id: a, kind: x}\n  - {id: a, kind: y}") } throws: { "\($0)".contains("models[1].id") }
        #expect { try Self.parse("models:\n  - {id: a, kind: x, colour: red}") } throws: { "\($0)".contains("colour") }
        #expect { try Self.parse("models:\n  - {id: 'a b', kind: x}") } throws: { "\($0)".contains("model id") }
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
