import Foundation
import Testing
@testable import ArenaRuntime

/// Semantic rules, and that `validate()` reports every problem at once.
@Suite struct ConfigValidationTests {
    @Test func validateReturnsEveryProblem() throws {
        var config = try Fixtures.config()
        config.bus.highWaterMark = 0
        config.bus.heartbeatIntervalMs = -5
        config.arena.name = ""
        config.services[.oms]?.httpPort = -1
        let problems = config.validate(catalogue: Fixtures.catalogue)
        #expect(problems == [
            .invalid(key: "arena.name", value: "", reason: "must be 1 to 64 letters, digits, '.', '_' or '-'"),
            .invalid(key: "bus.high_water_mark", value: "0", reason: "must be between 1 and 10000000"),
            .invalid(key: "bus.heartbeat_interval_ms", value: "-5", reason: "must be between 50 and 60000"),
            .invalid(key: "services.oms.http_port", value: "-1", reason: "must be between 0 and 65535"),
        ])
        #expect(ConfigError.combining(problems) == .several(problems))
    }

    @Test func loadReportsAllSemanticProblemsTogether() {
        let error = Fixtures.error(Fixtures.minimalYAML + "bus:\n  linger_ms: -1\n  request_retries: 1000\n")
        #expect(error?.problems.map(\.description) == [
            #"bus.linger_ms: must be between 0 and 60000, got "-1""#,
            #"bus.request_retries: must be between 0 and 100, got "1000""#,
        ])
    }

    @Test func servicesBindOnlyTheirOwnSockets() {
        let yaml = Fixtures.minimalYAML.replacingOccurrences(of: "scorer: {http_port: 0}", with: "scorer: {http_port: 0, pub: \"tcp://127.0.0.1:7103\"}")
        #expect(Fixtures.error(yaml) == .invalid(key: "services.scorer.pub", value: "tcp://127.0.0.1:7103", reason: "the scorer binds no pub socket"))
        let noRep = Fixtures.minimalYAML.replacingOccurrences(of: ", rep: \"tcp://127.0.0.1:7204\"", with: "")
        #expect(Fixtures.error(noRep) == .missing(key: "services.risk.rep"))
    }

    @Test func clashingAddressesAreRefused() {
        let yaml = Fixtures.minimalYAML.replacingOccurrences(of: "rep: \"tcp://127.0.0.1:7204\"", with: "rep: \"tcp://*:7101\"")
        #expect(Fixtures.error(yaml) == .invalid(key: "services.risk.rep", value: "*:7101", reason: "is already used by services.gateway.pub"))
        // Different hosts (containers) may share a port.
        let containers = Fixtures.minimalYAML.replacingOccurrences(of: "rep: \"tcp://127.0.0.1:7204\"", with: "rep: \"tcp://risk:7101\"")
        #expect(Fixtures.error(containers) == nil)
    }

    @Test func httpPortClashingWithABusPortIsRefused() {
        let error = Fixtures.error(Fixtures.minimalYAML, environment: ["ARENA_SERVICES__ALERTER__HTTP_PORT": "7101"])
        #expect(error == .invalid(key: "services.alerter.http_port", value: "127.0.0.1:7101", reason: "is already used by services.gateway.pub"))
    }

    @Test func tradingNeedsLiveMode() throws {
        let paper = Fixtures.error(Fixtures.minimalYAML, environment: ["ARENA_ARENA__TRADING_ENABLED": "true"])
        #expect(paper == .invalid(
            key: "arena.trading_enabled", value: "true",
            reason: "takes effect only with arena.mode: live; set the mode too or leave trading disabled"
        ))
        let live = try Fixtures.config(environment: ["ARENA_ARENA__MODE": "live", "TRADING_ENABLED": "true"])
        #expect(live.arena.tradingEnabled)
    }

    @Test func tradingSwitchAliasMustAgree() {
        let error = Fixtures.error(Fixtures.minimalYAML, environment: ["TRADING_ENABLED": "true", "ARENA_ARENA__TRADING_ENABLED": "false"])
        #expect(error == .environment(variable: "TRADING_ENABLED", problem: .invalid(
            key: "arena.trading_enabled", value: "true", reason: "conflicts with ARENA_ARENA__TRADING_ENABLED=false; set only one"
        )))
    }

    @Test func storeURLsAreChecked() {
        let postgres = Fixtures.minimalYAML.replacingOccurrences(of: "sqlite:var/test.sqlite", with: "postgres://arena@db:5432/arena")
        #expect(Fixtures.error(postgres) == nil)
        let withPassword = Fixtures.minimalYAML.replacingOccurrences(of: "sqlite:var/test.sqlite", with: "postgres://arena:hunter2@db/arena")
        let error = Fixtures.error(withPassword)
        #expect(error == .invalid(
            key: "store.url", value: "postgres://arena:***@db:5432/arena",
            reason: "must not contain a password; use store.password_file or ARENA_STORE__PASSWORD"
        ))
        #expect(error?.description.contains("hunter2") == false)
        let mysql = Fixtures.minimalYAML.replacingOccurrences(of: "sqlite:var/test.sqlite", with: "mysql://db/arena")
        #expect(Fixtures.error(mysql) == .invalid(
            key: "store.url", value: "mysql://db/arena",
            reason: "unknown scheme; expected postgres://user@host:port/db, postgresql://…, or sqlite:PATH"
        ))
    }

    @Test func curveNeedsItsKeysWhenEnabled() {
        let error = Fixtures.error(Fixtures.minimalYAML, environment: ["ARENA_BUS__CURVE__ENABLED": "true"])
        #expect(error == .several([
            .missing(key: "bus.curve.server_secret_key_file"),
            .missing(key: "bus.curve.client_key_file"),
            .missing(key: "bus.curve.server_public_key_file"),
        ]))
    }
}

/// `arena.lockstep`: off by default, refused with a live mode.
@Suite struct LockstepSettingTests {
    @Test func lockstepIsOffByDefaultAndReadFromTheArenaSection() throws {
        #expect(try Fixtures.config().arena.lockstep == false)
        let config = try Fixtures.config(environment: ["ARENA_ARENA__LOCKSTEP": "true"])
        #expect(config.arena.lockstep)
    }

    @Test func lockstepWithALiveModeIsRefused() {
        let yaml = Fixtures.minimalYAML.replacingOccurrences(of: "arena: {name: test}", with: "arena: {name: test, mode: live, lockstep: true}")
        #expect(Fixtures.error(yaml) == .invalid(key: "arena.lockstep", value: "true", reason: "is for replays on the paper venue; set arena.mode: paper"))
    }
}
