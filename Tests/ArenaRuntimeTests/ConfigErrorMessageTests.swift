import Foundation
import Testing
@testable import ArenaRuntime

/// Every way a configuration is refused names the key (and the variable, for overrides).
@Suite struct ConfigErrorMessageTests {
    @Test func wrongTypeNamesTheFullKey() {
        let error = Fixtures.error(Fixtures.minimalYAML + "bus:\n  high_water_mark: abc\n")
        #expect(error == .invalid(key: "bus.high_water_mark", value: "abc", reason: "expected an integer"))
        #expect(error?.description == #"bus.high_water_mark: expected an integer, got "abc""#)
    }

    @Test func listWhereAScalarBelongs() {
        let error = Fixtures.error(Fixtures.minimalYAML + "bus:\n  linger_ms: [1, 2]\n")
        #expect(error == .invalid(key: "bus.linger_ms", value: "a list of 2", reason: "expected an integer"))
    }

    @Test func unknownKeysAreRefusedAndAllNamed() {
        let error = Fixtures.error(Fixtures.minimalYAML + "bus:\n  high_watermark: 5\n  codex: json\nmetrics: {}\n")
        #expect(error == .several([
            .unknownKey(key: "bus.high_watermark"), .unknownKey(key: "bus.codex"), .unknownKey(key: "metrics"),
        ]))
        #expect(error?.description.contains("bus.high_watermark: not a known setting") == true)
    }

    @Test func unknownServiceNameIsRefused() {
        let error = Fixtures.error(Fixtures.minimalYAML.replacingOccurrences(of: "  scorer:", with: "  scorers:"))
        #expect(error == .several([.missing(key: "services.scorer"), .unknownKey(key: "services.scorers")]))
    }

    @Test func missingRequiredKeysAreNamed() {
        let withoutStore = Fixtures.minimalYAML.replacingOccurrences(of: "store: {url: \"sqlite:var/test.sqlite\"}\n", with: "")
        #expect(Fixtures.error(withoutStore) == .missing(key: "store"))
        let withoutPort = Fixtures.minimalYAML.replacingOccurrences(of: "scorer: {http_port: 0}", with: "scorer: {}")
        #expect(Fixtures.error(withoutPort) == .missing(key: "services.scorer.http_port"))
        #expect(Fixtures.error(withoutPort)?.description == "services.scorer.http_port: required but missing")
    }

    @Test(arguments: [
        ("tcp://127.0.0.1", "a tcp endpoint needs a port: tcp://host:port"),
        ("tcp://127.0.0.1:0", "the port of a tcp endpoint must be between 1 and 65535"),
        ("tcp://127.0.0.1:99999", "the port of a tcp endpoint must be between 1 and 65535"),
        ("tcp://bad host:7101", "the host of a tcp endpoint must be *, an IP address or a host name"),
        ("udp://127.0.0.1:7101", "expected an endpoint tcp://host:port, ipc://path or inproc://name"),
        ("ipc://", "an ipc endpoint needs a path: ipc://path"),
    ])
    func badEndpointsAreRefusedWithTheRule(endpoint: String, reason: String) {
        let yaml = Fixtures.minimalYAML.replacingOccurrences(of: "\"tcp://127.0.0.1:7101\"", with: "\"\(endpoint)\"")
        #expect(Fixtures.error(yaml) == .invalid(key: "services.gateway.pub", value: endpoint, reason: reason))
    }

    @Test func goodEndpointsParse() throws {
        #expect(try BusEndpoint("tcp://*:7101") == .tcp(host: "*", port: 7101))
        #expect(try BusEndpoint("tcp://[::1]:7101") == .tcp(host: "[::1]", port: 7101))
        #expect(try BusEndpoint("tcp://gateway:7101") == .tcp(host: "gateway", port: 7101))
        #expect(try BusEndpoint("ipc:///tmp/arena.sock") == .ipc(path: "/tmp/arena.sock"))
        #expect(try BusEndpoint("inproc://md").description == "inproc://md")
    }

    @Test func outOfRangeHTTPPortIsRefused() {
        let yaml = Fixtures.minimalYAML.replacingOccurrences(of: "scorer: {http_port: 0}", with: "scorer: {http_port: 70000}")
        #expect(Fixtures.error(yaml) == .invalid(key: "services.scorer.http_port", value: "70000", reason: "must be between 0 and 65535"))
    }

    @Test func unknownEnvironmentOverrideNamesTheVariable() {
        let error = Fixtures.error(Fixtures.minimalYAML, environment: ["ARENA_BUS__HIGH_WATERMARK": "5"])
        #expect(error == .environment(variable: "ARENA_BUS__HIGH_WATERMARK", problem: .unknownKey(key: "bus.high_watermark")))
        #expect(error?.description == "environment variable ARENA_BUS__HIGH_WATERMARK: bus.high_watermark: not a known setting (misspelt, or not supported here)")
    }

    @Test func unknownEnvironmentSectionNamesTheVariable() {
        let error = Fixtures.error(Fixtures.minimalYAML, environment: ["ARENA_METRICS__PORT": "9"])
        #expect(error == .environment(variable: "ARENA_METRICS__PORT", problem: .unknownKey(key: "metrics")))
    }

    @Test func badEnvironmentValueNamesVariableAndKey() {
        let error = Fixtures.error(Fixtures.minimalYAML, environment: ["ARENA_BUS__HIGH_WATER_MARK": "abc"])
        #expect(error == .environment(
            variable: "ARENA_BUS__HIGH_WATER_MARK",
            problem: .invalid(key: "bus.high_water_mark", value: "abc", reason: "expected an integer")
        ))
        #expect(error?.description == #"environment variable ARENA_BUS__HIGH_WATER_MARK: bus.high_water_mark: expected an integer, got "abc""#)
    }

    @Test func unparsableEnvironmentValueNamesVariableAndKey() {
        guard case let .environment(variable, .invalid(key, value, reason))? =
            Fixtures.error(Fixtures.minimalYAML, environment: ["ARENA_ARENA__NAME": "[unclosed"])
        else {
            Issue.record("an unparsable value was accepted")
            return
        }
        #expect(variable == "ARENA_ARENA__NAME")
        #expect(key == "arena.name")
        #expect(value == "[unclosed")
        #expect(reason.hasPrefix("is not a YAML value"))
    }

    @Test(arguments: ["ARENA_BUS___HIGH", "ARENA_bus__codec", "ARENA_BUS__", "ARENA_"])
    func malformedVariableNamesAreRefused(variable: String) {
        guard case let .environment(named, _)? = Fixtures.error(Fixtures.minimalYAML, environment: [variable: "1"]) else {
            Issue.record("\(variable) was accepted")
            return
        }
        #expect(named == variable)
    }

    @Test func overrideThroughAScalarIsRefused() {
        let error = Fixtures.error(Fixtures.minimalYAML, environment: ["ARENA_ARENA__NAME__FIRST": "x"])
        #expect(error == .environment(variable: "ARENA_ARENA__NAME__FIRST", problem: .invalid(
            key: "arena.name", value: "test", reason: "is not a mapping, so arena.name.first cannot be set under it"
        )))
    }

    @Test func yesIsNotABoolean() {
        let error = Fixtures.error(Fixtures.minimalYAML, environment: ["ARENA_BUS__CURVE__ENABLED": "yes"])
        #expect(error == .environment(
            variable: "ARENA_BUS__CURVE__ENABLED", problem: .invalid(key: "bus.curve.enabled", value: "yes", reason: "expected true or false")
        ))
    }

    @Test func enumerationsListTheirValues() {
        let error = Fixtures.error(Fixtures.minimalYAML + "bus:\n  codec: protobuf\n")
        #expect(error == .invalid(key: "bus.codec", value: "protobuf", reason: "expected one of binary, json"))
        let level = Fixtures.error(Fixtures.minimalYAML + "logging:\n  level: verbose\n")
        #expect(level == .invalid(key: "logging.level", value: "verbose", reason: "expected one of trace, debug, info, notice, warning, error, critical"))
    }

    @Test func duplicateKeysAreRefused() throws {
        let yaml = Fixtures.minimalYAML + "bus:\n  linger_ms: 1\n  linger_ms: 2\n"
        // The line the key first appears on, as the message names it.
        let line = try #require(yaml.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("linger_ms") }) + 1
        #expect(Fixtures.error(yaml) == .syntax(path: "test.yaml", reason: "line \(line): 'linger_ms' appears more than once in the same mapping"))
    }

    @Test func syntaxErrorsNameTheFile() {
        guard case let .syntax(path, _)? = Fixtures.error("arena: [unclosed\n") else {
            Issue.record("invalid YAML was accepted")
            return
        }
        #expect(path == "test.yaml")
    }

    @Test func unreadableFileIsReported() {
        do {
            _ = try ArenaConfig.load(path: "/nonexistent/arena.yaml", environment: [:], catalogue: Fixtures.catalogue)
            Issue.record("a missing file loaded")
        } catch {
            #expect(error == .unreadable(path: "/nonexistent/arena.yaml", reason: "No such file or directory"))
        }
    }
}
