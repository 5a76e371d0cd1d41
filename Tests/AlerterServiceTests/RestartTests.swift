import Arena
@testable import ArenaBus
import ArenaCore
import ArenaRuntime
import ArenaStore
import ArenaTesting
import Foundation
import Testing

/// `arena-alerter` as a real process over ZeroMQ: killed with SIGKILL in the middle of a burst
/// while a request hangs at the provider, it delivers every alert exactly once, in order, after a
/// restart; alerts lost on the bus (a sequence gap) are reported, not silently missing.
@Suite(.serialized) struct RestartTests {
    @Test func anAlerterKilledMidBurstDeliversEveryAlertExactlyOnceAfterARestart() async throws {
        let rig = try await ProcessRig(name: "alerter-restart")
        defer { rig.remove() }
        var alerter = try await rig.startAndProbe()
        // Discord takes 9, then hangs on the 10th; Telegram takes 14, then hangs on the 15th.
        rig.discord.script(Array(repeating: .normal, count: 9) + [.hang], forWebhook: AlerterRig.webhookID)
        rig.telegram.script(Array(repeating: .normal, count: 14) + [.hang], forBot: AlerterRig.botToken)
        let burst = (1...40).map { AlerterRig.alert("burst-\($0)", kind: "order_rejected", severity: .warning, title: "burst \($0)", source: "oms") }
        for alert in burst { try rig.oms.publish(alert, topic: MarketTopics.alert(alert.kind)) }
        // A held request is recorded with status 0 when it arrives.
        try await rig.until("the whole burst recorded and both providers holding a request") {
            try await rig.recorded() == burst.count + 1 && rig.discord.requests.last?.status == 0 && rig.telegram.requests.last?.status == 0
        }
        alerter.kill()
        await alerter.stop()
        #expect(rig.discord.messages.count == 10)
        #expect(rig.telegram.messages.count == 15)

        alerter = try rig.start()
        try await rig.until("every alert delivered after the restart") {
            rig.discord.messages.count >= burst.count + 1 && rig.telegram.messages.count >= burst.count + 1
        }
        try await Task.sleep(for: .milliseconds(500))
        await alerter.stop()
        await rig.shutdown()

        let expected = ["probe"] + burst.map(\.id)
        #expect(rig.discord.messages.map { String($0.payload.embeds.first?.footer?.text.split(separator: " ").last ?? "") } == expected)
        #expect(rig.telegram.messages.map { String($0.plainText.split(separator: " ").last ?? "") } == expected)
    }

    @Test func alertsLostOnTheBusAreReportedAsMissed() async throws {
        let rig = try await ProcessRig(name: "alerter-gap")
        defer { rig.remove() }
        let alerter = try await rig.startAndProbe()
        // Three alerts the alerter never sees: their sequence numbers are spent, nothing is sent.
        rig.oms.skipSequenceNumbers(3, topic: MarketTopics.alert("probe"))
        try rig.oms.publish(AlerterRig.alert("after-gap", kind: "probe", severity: .info, source: "oms"), topic: MarketTopics.alert("probe"))
        try await rig.until("the gap reported") { rig.telegram.messages.contains { $0.plainText.contains("alerts from oms lost on the bus") } }
        await alerter.stop()
        await rig.shutdown()

        let report = try #require(rig.telegram.messages.first { $0.plainText.contains("lost on the bus") })
        #expect(report.plainText.hasPrefix("❗ ERROR · 3 alerts from oms lost on the bus\nsequence gap on alert.probe"))
        #expect(rig.discord.messages.contains { $0.payload.embeds.first?.title == "❗ ERROR · 3 alerts from oms lost on the bus" })
    }
}

/// The local providers, a configuration with a Discord and a Telegram destination on a SQLite
/// store in a temporary folder, and a ZeroMQ PUB where the OMS's would be.
struct ProcessRig {
    let folder: URL
    let discord: FakeDiscord
    let telegram: FakeTelegram
    let store: String
    let environment: [String: String]
    let oms: Publisher

    init(name: String) async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        discord = try await FakeDiscord()
        telegram = try await FakeTelegram()
        telegram.addBot(token: AlerterRig.botToken)
        telegram.addChat(AlerterRig.chat)
        try discord.webhook(id: AlerterRig.webhookID, token: "\(name)-token").write(to: folder.appendingPathComponent("webhook"), atomically: true, encoding: .utf8)
        try AlerterRig.botToken.write(to: folder.appendingPathComponent("bot"), atomically: true, encoding: .utf8)
        store = "sqlite:\(folder.appendingPathComponent("arena.sqlite").path)"
        let config = TestArenaConfig(catalogue: ArenaCatalogue.catalogue, name: name, store: store, sections: """
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
        environment = ["ARENA_CONFIG": try config.write(in: folder)]
        oms = try Publisher(service: ServiceName("oms"), bind: [try config.endpoint("oms", .pub)])
    }

    /// Starts `arena-alerter`.
    func start() throws -> ChildProcess {
        try ChildProcess(TestData.debugBuild.appendingPathComponent("arena-alerter"), [], environment: environment)
    }

    /// Starts it and publishes the same probe (taken once) until both providers have it.
    func startAndProbe() async throws -> ChildProcess {
        let alerter = try start()
        let probe = AlerterRig.alert("probe", kind: "probe", severity: .info, source: "oms")
        try await until("the probe delivered") {
            try oms.publish(probe, topic: MarketTopics.alert(probe.kind))
            return !discord.messages.isEmpty && !telegram.messages.isEmpty
        }
        return alerter
    }

    /// Alerts the alerter has recorded.
    func recorded() async throws -> Int {
        let database = try await Store.open(url: store)
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

    func shutdown() async {
        oms.close()
        await discord.shutdown()
        await telegram.shutdown()
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}
