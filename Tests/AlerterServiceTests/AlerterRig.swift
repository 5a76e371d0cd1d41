import AlerterService
import Alerts
import Arena
import ArenaBus
import ArenaCore
import ArenaRuntime
import ArenaStore
import ArenaTesting
import AsyncHTTPClient
import Foundation
import Testing

/// The real alerter hosted in this process over the in-process bus, on a SQLite store in a
/// temporary folder, sending to a local Discord (webhook `ops`) and a local Telegram (chat `desk`)
/// over real HTTP. The test publishes the other services' alerts and heartbeats itself.
final class AlerterRig: Sendable {
    static let botToken = "123456:rig-bot-token"
    static let chat = "4242"
    static let webhookID = "1001"

    let folder: URL
    let discord: FakeDiscord
    let telegram: FakeTelegram
    let bus: InProcessBus
    let publishers: [String: any MessagePublisher]
    let host: ServiceHost
    let running: Task<Void, any Error>
    let store: String

    /// A rig whose `alerter` section adds `alerter` (YAML mapping entries) to the rig's defaults.
    init(
        dedupeWindowSeconds: Int = 0, discordRateLimit: (limit: Int, window: Duration)? = nil, startupGraceMs: Int = 600_000, requestTimeoutMs: Int = 5_000
    ) async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("alerter-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        discord = try await FakeDiscord(rateLimit: discordRateLimit)
        telegram = try await FakeTelegram()
        telegram.addBot(token: Self.botToken)
        telegram.addChat(Self.chat)
        let webhook = discord.webhook(id: Self.webhookID, token: "rig-webhook-token")
        try webhook.write(to: folder.appendingPathComponent("webhook"), atomically: true, encoding: .utf8)
        try Self.botToken.write(to: folder.appendingPathComponent("bot"), atomically: true, encoding: .utf8)
        store = "sqlite:\(folder.appendingPathComponent("arena.sqlite").path)"
        let yaml = TestArenaConfig(catalogue: ArenaCatalogue.catalogue, store: store, sections: """
            alerter:
              dedupe_window_seconds: \(dedupeWindowSeconds)
              max_attempts: 3
              retry_initial_ms: 100
              retry_max_ms: 400
              request_timeout_ms: \(requestTimeoutMs)
              check_interval_ms: 100
              startup_grace_ms: \(startupGraceMs)
              drain_ms: 2000
              destinations:
                ops: {type: discord, webhook_url_file: \(folder.appendingPathComponent("webhook").path)}
                desk: {type: telegram, bot_token_file: \(folder.appendingPathComponent("bot").path), chat_id: \(Self.chat), api_url: "\(telegram.apiURL)"}
            bus: {heartbeat_interval_ms: 100}
            logging: {level: notice}
            """).yaml
        let config = try ArenaConfig.parse(yaml: yaml, catalogue: ArenaCatalogue.catalogue)
        bus = InProcessBus(requestTimeout: .seconds(2), requestRetries: 0)
        var publishers: [String: any MessagePublisher] = [:]
        for service in ["gateway", "features", "risk", "oms", "reporter"] {
            publishers[service] = try bus.publisher(service: ServiceName(unchecked: service), bind: "\(service).pub")
        }
        self.publishers = publishers
        host = try ServiceHost(hosting: [AlerterComponent.self], config: config, transport: .inProcess(bus), logOutput: LogOutput { _ in })
        let host = self.host
        running = Task { try await host.run() }
        try await handshake()
    }

    /// Publishes one probe alert (the same id each time: the alerter takes it once) until both
    /// destinations have it, so nothing the test publishes next is lost to the subscription's start.
    private func handshake() async throws {
        let probe = Self.alert("probe", kind: "probe", severity: .info, title: "rig probe")
        let clock = ContinuousClock(), end = clock.now.advanced(by: .seconds(30))
        while discord.messages.isEmpty || telegram.messages.isEmpty {
            guard clock.now < end else { throw RigError("the alerter never delivered the probe") }
            publish(probe, from: "features")
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    func stop() async {
        host.triggerGracefulShutdown(reason: "test done")
        _ = try? await running.value
        await discord.shutdown()
        await telegram.shutdown()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Publishes `alert` as `service` would.
    func publish(_ alert: Alert, from service: String) {
        try? publishers[service]?.publish(alert, topic: MarketTopics.alert(alert.kind))
    }

    /// Publishes a heartbeat of `service`.
    func beat(_ service: String, instance: String = "rig", state: ServiceState = .ready) {
        let beat = Heartbeat(
            service: ServiceName(unchecked: service), instance: instance, state: state, sentAt: WallClock().now(), uptimeSeconds: 1, intervalMilliseconds: 100
        )
        try? publishers[service]?.publish(beat, topic: HeartbeatPublisher.topic(ServiceKind(rawValue: service)))
    }

    /// The Discord messages after the probe.
    var discordMessages: [FakeDiscord.Message] { Array(discord.messages.dropFirst()) }
    /// The Telegram messages after the probe.
    var telegramMessages: [FakeTelegram.Message] { Array(telegram.messages.dropFirst()) }

    /// Waits until `condition` holds.
    func eventually(_ what: String, within seconds: Int = 30, _ condition: () async throws -> Bool) async throws {
        let clock = ContinuousClock(), end = clock.now.advanced(by: .seconds(seconds))
        while try await !condition() {
            guard clock.now < end else { throw RigError("timed out waiting for \(what)") }
            try await Task.sleep(for: .milliseconds(25))
        }
    }

    /// The alerter's Prometheus metrics (its health server's `/metrics`).
    func metrics() async throws -> String {
        let port = try await host.health.listeningPort()
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/metrics"), timeout: .seconds(10))
        return String(buffer: try await response.body.collect(upTo: 1 << 22))
    }

    /// The alerter's delivery rows by `destination/alert id`.
    func deliveries() async throws -> [String: (state: String, attempts: Int64)] {
        let database = try await Store.open(url: store)
        var rows: [String: (state: String, attempts: Int64)] = [:]
        do {
            for row in try await database.query("SELECT destination, alert_id, state, attempts FROM alerter_deliveries", []) {
                rows["\(try row.decode("destination", as: String.self))/\(try row.decode("alert_id", as: String.self))"] = (try row.decode("state"), try row.decode("attempts"))
            }
        } catch {
            await database.close()
            throw error
        }
        await database.close()
        return rows
    }

    static func alert(
        _ id: String, kind: String = "kill_switch", severity: AlertSeverity = .critical, title: String? = nil, message: String = "",
        source: String = "risk", model: String? = nil, symbol: String? = nil, fields: [String: String] = [:]
    ) -> Alert {
        Alert(
            id: id, severity: severity, kind: kind, source: ServiceName(unchecked: source), title: title ?? "alert \(id)", message: message,
            symbol: symbol.map { Symbol(unchecked: $0) }, model: model.map { ModelID(unchecked: $0) }, fields: fields,
            time: Timestamp(nanoseconds: 1_680_307_200_000_000_000)
        )
    }
}

struct RigError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension FakeDiscord.Message {
    /// The body as the alerter's own payload type (the fake has already checked it against Discord's limits).
    var sent: DiscordWebhookPayload { (try? JSONDecoder().decode(DiscordWebhookPayload.self, from: body)) ?? DiscordWebhookPayload(embeds: []) }
}
