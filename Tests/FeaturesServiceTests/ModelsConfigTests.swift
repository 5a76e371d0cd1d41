import ArenaCore
import ArenaRuntime
import FeaturesService
import Testing

/// The `models` and `features` sections and the config hash.
@Suite struct ModelsConfigTests {
    static let base = """
        arena: {name: t}
        services:
          supervisor: {pub: "tcp://127.0.0.1:1", rep: "tcp://127.0.0.1:2", http_port: 0}
          gateway: {pub: "tcp://127.0.0.1:3", rep: "tcp://127.0.0.1:4", http_port: 0}
          features: {pub: "tcp://127.0.0.1:5", router: "tcp://127.0.0.1:6", http_port: 0}
          scorer: {http_port: 0}
          risk: {pub: "tcp://127.0.0.1:7", rep: "tcp://127.0.0.1:8", http_port: 0}
          oms: {pub: "tcp://127.0.0.1:9", rep: "tcp://127.0.0.1:10", http_port: 0}
          reporter: {pub: "tcp://127.0.0.1:11", http_port: 0}
          alerter: {pub: "tcp://127.0.0.1:12", http_port: 0}
        store: {url: "sqlite::memory:"}
        """

    static func parse(_ extra: String) throws -> ArenaConfig { try ArenaConfig.parse(yaml: base + "\n" + extra) }

    @Test func parametersAreFlattenedSortedAndHashed() throws {
        let config = try Self.parse("""
            models:
              - id: gpt
                kind: llm
                version: "2"
                params: {temperature: 0.2, provider: {base_url: "http://127.0.0.1:9", model: x}, symbols: [BTCUSDT, ETHUSDT]}
              - {id: cash, kind: all_cash, enabled: false}
            """)
        let gpt = config.models.models[0]
        #expect(gpt.parameters.map(\.key) == ["provider.base_url", "provider.model", "symbols", "temperature"])
        #expect(gpt.parameters.first { $0.key == "symbols" }?.value == "BTCUSDT,ETHUSDT")
        #expect(config.models.enabled.map(\.id.value) == ["gpt"])
        let roster = try ModelRoster(config.models)
        #expect(roster.models.count == 1 && roster.models[0].configHash.count == 64)
        // The hash is a function of the configuration: the same again, another for any change.
        let again = try ModelRoster(Self.parse("""
            models:
              - {id: gpt, kind: llm, version: "2", params: {symbols: [BTCUSDT, ETHUSDT], temperature: 0.2, provider: {model: x, base_url: "http://127.0.0.1:9"}}}
            """).models)
        #expect(again.models[0].configHash == roster.models[0].configHash)
        let changed = try ModelRoster(Self.parse("""
            models:
              - {id: gpt, kind: llm, version: "2", params: {symbols: [BTCUSDT, ETHUSDT], temperature: 0.3, provider: {model: x, base_url: "http://127.0.0.1:9"}}}
            """).models)
        #expect(changed.models[0].configHash != roster.models[0].configHash)
    }

    @Test func badRostersAreRefusedNamingTheKey() {
        #expect { try Self.parse("models:\n  - {id: a, kind: x}\n  - {id: a, kind: y}") } throws: { "\($0)".contains("models[1].id") }
        #expect { try Self.parse("models:\n  - {id: a, kind: x, colour: red}") } throws: { "\($0)".contains("colour") }
        #expect { try Self.parse("models:\n  - {id: 'a b', kind: x}") } throws: { "\($0)".contains("model id") }
        #expect { try Self.parse("models:\n  - {id: a}") } throws: { "\($0)".contains("kind") }
    }

    @Test func theClockSettingsAreChecked() throws {
        let defaults = try Self.parse("")
        #expect(defaults.features.tickSeconds == 300 && defaults.features.deadlineMs == 8_000 && defaults.features.warmupHours == 24)
        #expect { try Self.parse("features: {tick_seconds: 5, deadline_ms: 8000}") } throws: { "\($0)".contains("features.deadline_ms") }
        #expect { try Self.parse("features: {starting_capital: -5}") } throws: { "\($0)".contains("features.starting_capital") }
        #expect { try Self.parse("features: {indicator_timeframe: 2m}") } throws: { "\($0)".contains("features.indicator_timeframe") }
    }
}
