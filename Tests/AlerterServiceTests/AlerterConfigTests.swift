import AlerterService
import Arena
import ArenaCore
import ArenaRuntime
import ArenaTesting
import Testing

/// The `alerter` section: destinations refused at start, naming the key, when a secret is missing
/// or written in the file, a severity or kind is malformed; secrets taken from the environment and
/// never shown.
@Suite struct AlerterConfigTests {
    static func parse(_ alerter: String, environment: [String: String] = [:]) throws -> ArenaConfig {
        let yaml = TestArenaConfig(catalogue: ArenaCatalogue.catalogue, ports: .consecutive(from: 41_000), sections: alerter).yaml
        return try ArenaConfig.parse(yaml: yaml, environment: environment, catalogue: ArenaCatalogue.catalogue)
    }

    static func problem(_ alerter: String, environment: [String: String] = [:]) -> String {
        do {
            _ = try parse(alerter, environment: environment)
            return ""
        } catch { return "\(error)" }
    }

    @Test func aDestinationWithoutItsSecretIsRefusedNamingTheVariable() {
        let text = Self.problem("alerter: {destinations: {ops: {type: discord}}}")
        #expect(text.contains("alerter.destinations.ops.webhook_url"))
        #expect(text.contains("ARENA_ALERTER__DESTINATIONS__OPS__WEBHOOK_URL"))
        let telegram = Self.problem("alerter: {destinations: {desk: {type: telegram}}}")
        #expect(telegram.contains("ARENA_ALERTER__DESTINATIONS__DESK__BOT_TOKEN"))
        #expect(telegram.contains("alerter.destinations.desk.chat_id"))
    }

    @Test func aSecretWrittenInTheFileIsRefused() {
        let text = Self.problem("alerter: {destinations: {ops: {type: discord, webhook_url: \"https://discord.com/api/webhooks/1/in-file-token\"}}}")
        #expect(text.contains("secrets never live in the configuration file"))
        #expect(!text.contains("in-file-token"))
    }

    @Test func aSecretFromTheEnvironmentIsTakenAndNeverShown() throws {
        let config = try Self.parse(
            "alerter: {destinations: {ops: {type: discord, min_severity: warning, kinds: [\"store_*\", kill_switch]}}}",
            environment: ["ARENA_ALERTER__DESTINATIONS__OPS__WEBHOOK_URL": "https://discord.com/api/webhooks/1/env-token"]
        )
        let section = try config.section(AlerterConfig.self)
        let ops = try #require(section.destinations["ops"])
        #expect(ops.webhookURL?.reveal() == "https://discord.com/api/webhooks/1/env-token")
        #expect(ops.filter.minimumSeverity == .warning)
        #expect(ops.filter.kinds == ["store_*", "kill_switch"])
        #expect(!"\(section)".contains("env-token"))
        #expect(!String(reflecting: section).contains("env-token"))
    }

    @Test func malformedFiltersAndNamesAreRefusedNamingTheKey() {
        let env = ["ARENA_ALERTER__DESTINATIONS__OPS__WEBHOOK_URL": "https://discord.com/api/webhooks/1/t"]
        #expect(Self.problem("alerter: {destinations: {ops: {type: discord, min_severity: loud}}}", environment: env).contains("alerter.destinations.ops.min_severity"))
        #expect(Self.problem("alerter: {destinations: {ops: {type: discord, kinds: [\"Kill Switch\"]}}}", environment: env).contains("alerter.destinations.ops.kinds"))
        #expect(Self.problem("alerter: {destinations: {ops: {type: slack}}}").contains("alerter.destinations.ops.type"))
        #expect(Self.problem("alerter: {max_attempts: 0}").contains("alerter.max_attempts"))
        #expect(Self.problem("alerter: {dedupe_window_seconds: -1}").contains("alerter.dedupe_window_seconds"))
        #expect(Self.problem("alerter: {retry_initial_ms: 5000, retry_max_ms: 1000}").contains("alerter.retry_initial_ms"))
    }

    @Test func theBundledConfigurationHasAnAlerterWithNoDestination() throws {
        let config = try ArenaConfig.load(path: TestData.repository.appendingPathComponent("config/arena.yaml").path, environment: [:], catalogue: ArenaCatalogue.catalogue)
        let section = try config.section(AlerterConfig.self)
        #expect(section.destinations.isEmpty)
        #expect(section.dedupeWindowSeconds == 300)
    }
}
