import Alerts
import ArenaCore
import Foundation
import Testing

/// What providers' answers mean, how retries back off, which alerts a destination takes, and how
/// repeats collapse.
@Suite struct DeliveryRulesTests {
    static func alert(_ id: String, kind: String = "data_gap", severity: AlertSeverity = .warning, title: String = "Gap in BTCUSDT trades", at ms: Int64 = 0) -> Alert {
        Alert(
            id: id, severity: severity, kind: kind, source: ServiceName(unchecked: "gateway"), title: title, message: "ids \(id) missing",
            symbol: Symbol(unchecked: "BTCUSDT"), time: Timestamp(nanoseconds: ms * 1_000_000)
        )
    }

    static func response(_ status: Int, _ body: String = "", headers: [(String, String)] = []) -> ProviderResponse {
        ProviderResponse(status: status, headers: headers.map { (name: $0.0, value: $0.1) }, body: Array(body.utf8))
    }

    @Test func discordAnswersAreClassifiedAsItsDocumentationDescribes() throws {
        let hook = DiscordWebhook(url: "https://discord.com/api/webhooks/1/secret")
        #expect(try hook.requests(for: Self.alert("a")).first?.url == "https://discord.com/api/webhooks/1/secret?wait=true")
        #expect(hook.classify(Self.response(200, #"{"id":"1"}"#)) == .delivered)
        #expect(hook.classify(Self.response(204)) == .delivered)
        let limited = Self.response(429, #"{"message": "You are being rate limited.", "retry_after": 1.234, "global": false}"#, headers: [("Retry-After", "2")])
        #expect(hook.classify(limited) == .rateLimited(retryAfter: .milliseconds(1_234)))
        #expect(hook.classify(Self.response(429, "", headers: [("retry-after", "3")])) == .rateLimited(retryAfter: .seconds(3)))
        guard case .destinationGone(let reason) = hook.classify(Self.response(404, #"{"message": "Unknown Webhook", "code": 10015}"#)) else {
            Issue.record("404 must disable the webhook")
            return
        }
        #expect(reason == "HTTP 404: Unknown Webhook (code 10015)")
        guard case .rejected = hook.classify(Self.response(400, #"{"code": 50035, "message": "Invalid Form Body"}"#)) else { Issue.record("400"); return }
        guard case .transient = hook.classify(Self.response(502)) else { Issue.record("502"); return }
        #expect(hook.pacing(after: Self.response(200, headers: [("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset-After", "0.75")])) == .milliseconds(750))
        #expect(hook.pacing(after: Self.response(200, headers: [("X-RateLimit-Remaining", "3"), ("X-RateLimit-Reset-After", "0.75")])) == .zero)
    }

    @Test func telegramAnswersAreClassifiedAsItsDocumentationDescribes() throws {
        let bot = TelegramBot(apiURL: "http://127.0.0.1:1/", token: "123:abc", chatID: "-100")
        let request = try #require(try bot.requests(for: Self.alert("a")).first)
        #expect(request.url == "http://127.0.0.1:1/bot123:abc/sendMessage")
        let body = try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
        #expect(body["parse_mode"] as? String == "MarkdownV2")
        #expect(body["chat_id"] as? String == "-100")
        #expect(bot.classify(Self.response(200, #"{"ok":true,"result":{"message_id":1}}"#)) == .delivered)
        let limited = Self.response(429, #"{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 5","parameters":{"retry_after":5}}"#)
        #expect(bot.classify(limited) == .rateLimited(retryAfter: .seconds(5)))
        for gone in [
            Self.response(401, #"{"ok":false,"error_code":401,"description":"Unauthorized"}"#),
            Self.response(403, #"{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}"#),
            Self.response(400, #"{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}"#),
            Self.response(400, #"{"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a supergroup chat","parameters":{"migrate_to_chat_id":-1001}}"#),
        ] {
            guard case .destinationGone = bot.classify(gone) else { Issue.record("\(gone.excerpt) must disable the chat"); continue }
        }
        guard case .rejected = bot.classify(Self.response(400, #"{"ok":false,"error_code":400,"description":"Bad Request: can't parse entities"}"#)) else {
            Issue.record("a bad message is refused, not retried")
            return
        }
        guard case .transient = bot.classify(Self.response(500, #"{"ok":false,"error_code":500,"description":"Internal Server Error"}"#)) else { Issue.record("500"); return }
    }

    @Test func retriesBackOffDoublingUpToTheCeilingAndStopAtTheLimit() {
        let policy = RetryPolicy(maxAttempts: 6, initialDelay: .seconds(1), maximumDelay: .seconds(10))
        #expect((1...6).map { policy.delay(afterFailure: $0) } == [.seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(10), nil])
    }

    @Test func aDestinationTakesItsSeveritiesAndKinds() {
        let filter = AlertFilter(minimumSeverity: .warning, kinds: ["data_*", "kill_switch"], excludedKinds: ["data_gap_repaired"])
        #expect(filter.admits(Self.alert("1", kind: "data_gap")))
        #expect(!filter.admits(Self.alert("2", kind: "data_gap", severity: .info)))
        #expect(!filter.admits(Self.alert("3", kind: "data_gap_repaired")))
        #expect(!filter.admits(Self.alert("4", kind: "report")))
        #expect(filter.admits(Self.alert("5", kind: "kill_switch", severity: .critical)))
        #expect(AlertFilter().admits(Self.alert("6", kind: "anything", severity: .info)))
        #expect(AlertFilter.problem(with: "Data Gap") != nil)
        #expect(AlertFilter.problem(with: "store_*") == nil)
    }

    @Test func repeatsWithinTheWindowCollapseIntoOneSummaryWithTheirCount() throws {
        var dedupe = Deduplicator(windowMilliseconds: 60_000)
        #expect(dedupe.admit(Self.alert("a1"), at: 0) == .lead)
        #expect(dedupe.admission(for: Self.alert("a2"), at: 1_000) == .repeats(leader: "a1", count: 1))
        #expect(dedupe.admit(Self.alert("a2"), at: 1_000) == .repeats(leader: "a1", count: 1))
        #expect(dedupe.admit(Self.alert("a3", severity: .error, at: 2_000), at: 2_000) == .repeats(leader: "a1", count: 2))
        #expect(dedupe.admit(Self.alert("b1", title: "Gap in ETHUSDT trades"), at: 3_000) == .lead)
        #expect(dedupe.close(at: 59_999).isEmpty)
        let digests = dedupe.close(at: 60_000)
        #expect(digests.count == 1)
        let summary = try #require(digests.first).alert
        #expect(summary.id == "a1#repeats")
        #expect(summary.title == "Gap in BTCUSDT trades ×3")
        #expect(summary.severity == .error)
        #expect(summary.fields["repeats"] == "3")
        #expect(summary.message.hasPrefix("3 times within 1 min"))
        // After the window the next one leads again; a leader without repeats closes silently.
        #expect(dedupe.admit(Self.alert("a4"), at: 61_000) == .lead)
        #expect(dedupe.close(at: 63_000).isEmpty)
        #expect(Deduplicator(windowMilliseconds: 0).admission(for: Self.alert("x"), at: 0) == .lead)
    }

    @Test func aServiceIsDownAfterItsMissedHeartbeatsAndBackOnTheNext() {
        var watch = HeartbeatWatch(services: ["risk", "oms"], liveness: 3, defaultIntervalMilliseconds: 1_000, startupGraceMilliseconds: 5_000, now: 0)
        func beat(_ service: String, _ instance: String = "i1", _ state: ServiceState = .ready) -> Heartbeat {
            Heartbeat(service: ServiceName(unchecked: service), instance: instance, state: state, sentAt: Timestamp(nanoseconds: 0), uptimeSeconds: 0, intervalMilliseconds: 100)
        }
        #expect(watch.observe(beat("risk"), at: 1_000).isEmpty)
        #expect(watch.check(at: 1_300).isEmpty)
        #expect(watch.check(at: 1_301) == [.down(service: "risk", silentMilliseconds: 301, lastState: .ready)])
        #expect(watch.check(at: 2_000).isEmpty)  // once per outage
        #expect(watch.observe(beat("risk"), at: 2_500) == [.recovered(service: "risk", downMilliseconds: 1_500)])
        #expect(watch.observe(beat("risk", "i2"), at: 2_600) == [.restarted(service: "risk", previous: "i1", current: "i2")])
        #expect(watch.observe(beat("risk", "i2", .stopping), at: 2_700) == [.stopped(service: "risk")])
        // Never heard from: down once the start-up grace is over; a clean stop is not an outage.
        #expect(watch.check(at: 5_001) == [.down(service: "oms", silentMilliseconds: 5_001, lastState: nil)])
        #expect(watch.down == ["oms"])
    }
}
