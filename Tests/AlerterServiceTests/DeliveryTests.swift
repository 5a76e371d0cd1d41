import Alerts
import ArenaCore
import ArenaTesting
import Foundation
import Testing

/// Delivery against the local providers' failures: 429s honoured for as long as they say and in
/// order, 5xx retried a bounded number of times and then reported elsewhere, a deleted webhook
/// disabled and reported elsewhere, repeats collapsed into one "×N".
@Suite(.serialized) struct DeliveryTests {
    static func burst(_ prefix: String, _ count: Int) -> [Alert] {
        (1...count).map { AlerterRig.alert("\(prefix)-\($0)", kind: "order_rejected", severity: .warning, title: "\(prefix) \($0)", source: "oms") }
    }

    @Test func a429IsWaitedOutAsLongAsTheProviderSaysAndTheOrderIsKept() async throws {
        let rig = try await AlerterRig()
        rig.discord.script([.normal, .rateLimited(retryAfter: 1.5)], forWebhook: AlerterRig.webhookID)
        rig.telegram.script([.rateLimited(retryAfter: 1)], forBot: AlerterRig.botToken)
        let alerts = Self.burst("rl", 5)
        for alert in alerts { rig.publish(alert, from: "oms") }
        try await rig.eventually("all five on both") { rig.discordMessages.count >= 5 && rig.telegramMessages.count >= 5 }
        await rig.stop()

        #expect(rig.discordMessages.map { $0.payload.embeds.first?.footer?.text ?? "" } == alerts.map { "oms · \($0.id)" })
        #expect(rig.telegramMessages.map { $0.plainText.split(separator: "\n").first.map(String.init) ?? "" } == alerts.map { "⚠️ WARNING · \($0.title)" })
        // Discord: after the probe, rl-1 passed, rl-2 got the 429 and came again no sooner than 1.5 s later.
        let discord = Array(rig.discord.requests.dropFirst())
        #expect(discord.map(\.status) == [200, 429, 200, 200, 200, 200])
        #expect(discord[2].receivedAt - discord[1].receivedAt >= .milliseconds(1_500))
        let telegram = Array(rig.telegram.requests.dropFirst())
        #expect(telegram.map(\.status) == [429, 200, 200, 200, 200, 200])
        #expect(telegram[1].receivedAt - telegram[0].receivedAt >= .seconds(1))
    }

    @Test func serverErrorsAreRetriedABoundedNumberOfTimesThenReportedOnTheOtherDestination() async throws {
        let rig = try await AlerterRig()
        rig.discord.script([.serverError(status: 500), .serverError(status: 502), .serverError(status: 503)], forWebhook: AlerterRig.webhookID)
        let alerts = Self.burst("se", 2)
        for alert in alerts { rig.publish(alert, from: "oms") }
        try await rig.eventually("the failure reported on Telegram and se-2 on Discord") {
            rig.telegramMessages.contains { $0.plainText.contains("Alert not delivered to ops") } && rig.discordMessages.count >= 1
        }
        try await rig.eventually("the rows") { try await rig.deliveries()["ops/se-2"]?.state == "delivered" }
        let rows = try await rig.deliveries()
        let metrics = try await rig.metrics()
        await rig.stop()

        // Three attempts (max_attempts) for se-1, then se-2 went through: the order is kept, nothing retried for ever.
        #expect(Array(rig.discord.requests.dropFirst()).map(\.status) == [500, 502, 503, 200])
        #expect(rig.discordMessages.map { $0.payload.embeds.first?.footer?.text } == ["oms · se-2"])
        let report = try #require(rig.telegramMessages.first { $0.plainText.contains("Alert not delivered to ops") })
        #expect(report.plainText.contains("\"se 1\" (WARNING, order_rejected) failed after 3 attempts: HTTP 503"))
        #expect(rows["ops/se-1"]?.state == "failed")
        #expect(rows["ops/se-1"]?.attempts == 3)
        #expect(rows["ops/se-2"]?.state == "delivered")
        #expect(rows["desk/se-1"]?.state == "delivered")
                #expect(metrics.contains(#"arena_alerter_deliveries_total{destination="ops",outcome="failed"} 1"#))
        #expect(metrics.contains(#"arena_alerter_retries_total{destination="ops"} 2"#))
    }

    @Test func aDeletedWebhookDisablesItselfAndSaysSoOnTheOtherDestination() async throws {
        let rig = try await AlerterRig()
        rig.discord.delete(id: AlerterRig.webhookID)
        let alerts = Self.burst("nf", 3)
        for alert in alerts { rig.publish(alert, from: "oms") }
        try await rig.eventually("the disabling reported and every alert on Telegram") {
            rig.telegramMessages.contains { $0.plainText.contains("Alert destination ops disabled") } && rig.telegramMessages.count >= 4
        }
        try await rig.eventually("no delivery pending") { try await !rig.deliveries().values.contains { $0.state == "pending" } }
        let rows = try await rig.deliveries()
        await rig.stop()

        // One 404, then no further request to the deleted webhook.
        #expect(Array(rig.discord.requests.dropFirst()).map(\.status) == [404])
        let report = try #require(rig.telegramMessages.first { $0.plainText.contains("Alert destination ops disabled") })
        #expect(report.plainText.contains("HTTP 404: Unknown Webhook (code 10015)"))
        #expect(rows["ops/nf-1"]?.state == "failed")
        // Queued before the 404 came back: skipped; routed after it: never due there.
        #expect((rows["ops/nf-2"]?.state ?? "skipped") == "skipped")
        #expect((rows["ops/nf-3"]?.state ?? "skipped") == "skipped")
        #expect(rows["desk/nf-3"]?.state == "delivered")
    }

    @Test func repeatsWithinTheWindowArriveOnceThenAsOneSummaryWithTheirCount() async throws {
        let rig = try await AlerterRig(dedupeWindowSeconds: 2)
        for i in 1...5 {
            rig.publish(AlerterRig.alert("gap-\(i)", kind: "data_gap", severity: .warning, title: "Gap in BTCUSDT trades", message: "ids \(i * 100)-\(i * 100 + 9) missing", source: "gateway"), from: "gateway")
        }
        try await rig.eventually("the summary") { rig.discordMessages.count >= 2 && rig.telegramMessages.count >= 2 }
        try await Task.sleep(for: .milliseconds(300))
        await rig.stop()

        #expect(rig.discordMessages.map { $0.payload.embeds.first?.title } == ["⚠️ WARNING · Gap in BTCUSDT trades", "⚠️ WARNING · Gap in BTCUSDT trades ×5"])
        let summary = try #require(rig.telegramMessages.last)
        #expect(summary.plainText.contains("5 times within 2 s"))
        #expect(summary.plainText.contains("the last: ids 500-509 missing"))
    }

    @Test func discordsRateLimitHeadersPaceThePostsBeforeItHasToRefuseOne() async throws {
        // Two posts per second per webhook: the alerter reads X-RateLimit-Remaining 0 and waits X-RateLimit-Reset-After.
        let rig = try await AlerterRig(discordRateLimit: (limit: 2, window: .seconds(1)))
        let alerts = Self.burst("pace", 6)
        for alert in alerts { rig.publish(alert, from: "oms") }
        try await rig.eventually("all six on Discord") { rig.discordMessages.count >= 6 }
        await rig.stop()

        #expect(rig.discordMessages.map { $0.payload.embeds.first?.footer?.text } == alerts.map { "oms · \($0.id)" })
        #expect(!rig.discord.requests.contains { $0.status == 429 })
        let times = rig.discord.requests.map(\.receivedAt)
        // Seven posts (the probe and six) at two per second span at least three windows.
        #expect(times.last! - times.first! >= .seconds(2))
    }

    @Test func aProviderThatHangsIsAFailedAttemptAndTheAlertIsSentAgain() async throws {
        let rig = try await AlerterRig(requestTimeoutMs: 500)
        rig.discord.script([.hang], forWebhook: AlerterRig.webhookID)
        rig.publish(AlerterRig.alert("hang-1", kind: "order_rejected", severity: .warning, source: "oms"), from: "oms")
        try await rig.eventually("the retry delivered") { rig.discordMessages.count >= 1 }
        try await rig.eventually("the row") { try await rig.deliveries()["ops/hang-1"]?.state == "delivered" }
        let rows = try await rig.deliveries()
        await rig.stop()

        #expect(Array(rig.discord.requests.dropFirst()).map(\.status) == [0, 200])
        #expect(rig.discordMessages.count == 1)
        #expect(rows["ops/hang-1"]?.attempts == 1)
    }
}
