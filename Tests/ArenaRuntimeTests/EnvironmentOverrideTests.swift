import Foundation
import Testing
@testable import ArenaRuntime

/// `ARENA_…` variables change the loaded configuration by key path.
@Suite struct EnvironmentOverrideTests {
    @Test func variableNamesFollowTheRule() throws {
        #expect(EnvironmentOverrides.variable(forKey: "bus.high_water_mark") == "ARENA_BUS__HIGH_WATER_MARK")
        #expect(try EnvironmentOverrides.keyPath(forVariable: "ARENA_SERVICES__GATEWAY__HTTP_PORT") == ["services", "gateway", "http_port"])
        #expect(try EnvironmentOverrides.keyPath(forVariable: "ARENA_CONFIG") == nil)
        #expect(try EnvironmentOverrides.keyPath(forVariable: "HOME") == nil)
    }

    @Test func scalarAndNestedOverridesApply() throws {
        let config = try Fixtures.config(environment: [
            "ARENA_BUS__HIGH_WATER_MARK": "20_000",
            "ARENA_BUS__CODEC": "json",
            "ARENA_SERVICES__GATEWAY__PUB": "tcp://0.0.0.0:8101",
            "ARENA_SERVICES__GATEWAY__LOG_LEVEL": "debug",
            "ARENA_ARENA__NAME": "ci",
        ])
        #expect(config.bus.highWaterMark == 20_000)
        #expect(config.bus.codec == .json)
        #expect(config.services[.gateway]?.pub == .tcp(host: "0.0.0.0", port: 8101))
        #expect(config.logLevel(for: .gateway) == .debug)
        #expect(config.logLevel(for: .oms) == .info)
        #expect(config.arena.name == "ci")
        // Untouched keys keep their file values and defaults.
        #expect(config.services[.gateway]?.rep == .tcp(host: "127.0.0.1", port: 7201))
        #expect(config.bus.lingerMs == BusConfig.Defaults.lingerMs)
    }

    @Test func mappingValuesReplaceASection() throws {
        let config = try Fixtures.config(environment: ["ARENA_LOGGING": "{level: warning, format: json}"])
        #expect(config.logging == LoggingConfig(level: .warning, format: .json))
    }

    @Test func parentsApplyBeforeChildren() throws {
        let config = try Fixtures.config(environment: [
            "ARENA_LOGGING__LEVEL": "error",
            "ARENA_LOGGING": "{level: warning, format: json}",
        ])
        #expect(config.logging == LoggingConfig(level: .error, format: .json))
    }

    /// A schema with a list, to show lists decode from the file and from flow-style variables.
    struct Peers: Decodable, Equatable {
        var peers: [BusEndpoint]
        var weights: [String: Double]
    }

    @Test func listsOverrideAsFlowSequences() throws {
        let yaml = "peers:\n  - tcp://127.0.0.1:1\nweights: {a: 1}\n"
        let fromFile = try ConfigLoader.decode(Peers.self, yaml: yaml, source: "peers.yaml", environment: [:])
        #expect(fromFile.peers == [.tcp(host: "127.0.0.1", port: 1)])
        let overridden = try ConfigLoader.decode(
            Peers.self, yaml: yaml, source: "peers.yaml",
            environment: ["ARENA_PEERS": "[tcp://a:1, ipc:///tmp/b]", "ARENA_WEIGHTS__B": "0.5"]
        )
        #expect(overridden == Peers(peers: [.tcp(host: "a", port: 1), .ipc(path: "/tmp/b")], weights: ["a": 1, "b": 0.5]))
    }

    @Test func badListItemNamesItsPosition() {
        #expect(throws: ConfigError.environment(variable: "ARENA_PEERS", problem: .invalid(
            key: "peers[1]", value: "nope", reason: "expected an endpoint tcp://host:port, ipc://path or inproc://name"
        ))) {
            try ConfigLoader.decode(Peers.self, yaml: "peers: []\nweights: {}\n", source: "p", environment: ["ARENA_PEERS": "[inproc://a, nope]"])
        }
    }

    @Test func emptyValueIsNullNotADefault() {
        let error = Fixtures.error(Fixtures.minimalYAML, environment: ["ARENA_STORE__URL": ""])
        #expect(error == .environment(
            variable: "ARENA_STORE__URL",
            problem: .invalid(key: "store.url", value: "null", reason: "expected sqlite:<path> or postgres://user@host:port/database")
        ))
    }
}
