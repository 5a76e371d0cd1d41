import Arena
import ArenaBus
import ArenaCore
import ArenaRuntime
import ArenaStore
import ArenaTesting
import Foundation
import Testing

/// `arena-alerter` as a real process over ZeroMQ, killed with SIGKILL in the middle of a burst
/// while a request hangs at the provider: after a restart every alert arrives exactly once, in order.
@Suite(.serialized) struct RestartTests {
    @Test func anAlerterKilledMidBurstDeliversEveryAlertExactlyOnceAfterARestart() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("alerter-restart-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let discord = try await FakeDiscord()
        let telegram = try await FakeTelegram()
        telegram.addBot(token: AlerterRig.botToken)
        telegram.addChat(AlerterRig.chat)
        try discord.webhook(id: AlerterRig.webhookID, token: "restart-token").write(to: folder.appendingPathComponent("webhook"), atomically: true, encoding: .utf8)
        try AlerterRig.botToken.write(to: folder.appendingPathComponent("bot"), atomically: true, encoding: .utf8)
        let store = "sqlite:\(folder.appendingPathComponent("arena.sqlite").path)"
        let config = TestArenaConfig(catalogue: ArenaCatalogue.catalogue, name: "alerter-restart", store: store, sections: """
            alerter:
              dedupe_window_seconds: 0
              request_timeout_ms: 60000
              startup_grace_ms: 600000
              destinations:
                ops: {type: discord, webhook_url_file: \(folder.appendingPathComponent("webhook").path)}
                desk: {type: telegram, bot_token_file: \(folder.appendingPathComponent("bot").path), chat_id: \(AlerterRig.chat), api_url: "\(telegram.apiURL)"}
            bus: {heartbeat_interval_ms: 200}
            logging: {level: info, format: json}
            """)
        let environment = ["ARENA_CONFIG": try config.write(in: folder)]
        let oms = try Publisher(service: ServiceName("oms"), bind: [try config.endpoint("oms", .pub)])
        defer { oms.close() }
        let executable = TestData.debugBuild.appendingPathComponent("arena-alerter")

        var alerter = try ChildProcess(executable, [], environment: environment)
        // The handshake: the same probe (taken once) until both providers have it.
        let probe = AlerterRig.alert("probe", kind: "probe", severity: .info, source: "oms")
        try await until("the probe delivered") {
            try oms.publish(probe, topic: MarketTopics.alert(probe.kind))
            return !discord.messages.isEmpty && !telegram.messages.isEmpty
        }
        // Discord takes 9, then hangs on the 10th; Telegram takes 14, then hangs on the 15th.
        discord.script(Array(repeating: .normal, count: 9) + [.hang], forWebhook: AlerterRig.webhookID)
        telegram.script(Array(repeating: .normal, count: 14) + [.hang], forBot: AlerterRig.botToken)
        let burst = (1...40).map { AlerterRig.alert("burst-\($0)", kind: "order_rejected", severity: .warning, title: "burst \($0)", source: "oms") }
        for alert in burst { try oms.publish(alert, topic: MarketTopics.alert(alert.kind)) }
        try await until("the whole burst recorded and both providers hanging") {
            try await Self.recorded(store) == burst.count + 1 && discord.messages.count == 10 && telegram.messages.count == 15
                && discord.requests.count == 11 && telegram.requests.count == 16
        }
        alerter.kill()
        await alerter.stop()
        #expect(discord.messages.count == 10)

        alerter = try ChildProcess(executable, [], environment: environment)
        try await until("every alert delivered after the restart") {
            discord.messages.count >= burst.count + 1 && telegram.messages.count >= burst.count + 1
        }
        try await Task.sleep(for: .milliseconds(500))
        await alerter.stop()
        await discord.shutdown()
        await telegram.shutdown()

        let expected = ["probe"] + burst.map(\.id)
        #expect(discord.messages.map { String($0.payload.embeds.first?.footer?.text.split(separator: " ").last ?? "") } == expected)
        #expect(telegram.messages.map { String($0.text.split(separator: " ").last ?? "") } == expected)
    }

    /// Alerts the alerter has recorded.
    static func recorded(_ url: String) async throws -> Int {
        let database = try await Store.open(url: url)
        let rows = try? await database.query("SELECT COUNT(*) AS n FROM alerter_alerts", [])
        await database.close()
        return Int((try? rows?.first?.decode("n", as: Int64.self)) ?? 0)
    }

    func until(_ what: String, within seconds: Int = 60, _ condition: () async throws -> Bool) async throws {
        let clock = ContinuousClock(), end = clock.now.advanced(by: .seconds(seconds))
        while try await !condition() {
            guard clock.now < end else { throw RigError("timed out waiting for \(what)") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
