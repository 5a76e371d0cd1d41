import Alerts
import ArenaCore
import ArenaTesting
import Foundation
import MarketData
import Testing

/// Each trigger kind, published as its producer publishes it, arrives on the local Discord as an
/// embed within Discord's limits and on the local Telegram as MarkdownV2 that Telegram's parser
/// turns back into exactly the text of the alert.
@Suite(.serialized) struct PayloadTests {
    /// What a Telegram reader sees for `alert` (one message).
    static func telegramText(_ alert: Alert) -> String {
        var lines = ["\(alert.severity.mark) \(alert.severity.rawValue) · \(alert.title)"]
        if !alert.message.isEmpty { lines.append(alert.message) }
        lines.append("source: \(alert.source)")
        lines.append("kind: \(alert.kind)")
        if let model = alert.model { lines.append("model: \(model)") }
        if let symbol = alert.symbol { lines.append("symbol: \(symbol)") }
        lines += alert.fields.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
        lines.append("\(alert.time) · \(alert.id)")
        return lines.joined(separator: "\n")
    }

    @Test func everyTriggerKindArrivesOnBothDestinations() async throws {
        let rig = try await AlerterRig()
        let now = Timestamp(nanoseconds: 1_680_307_200_000_000_000)
        let venue = VenueID(unchecked: "binance"), btc = Symbol(unchecked: "BTCUSDT")
        let published: [(String, Alert)] = [
            ("risk", AlerterRig.alert("ks-1", kind: AlertKinds.killSwitch, title: "Kill switch: alpha", message: "alpha flattened and halted: drawdown 0.11 reached 0.10", model: "alpha")),
            ("risk", AlerterRig.alert("halt-1", kind: AlertKinds.halted, severity: .warning, title: "alpha halted", message: "alpha halted by operator ops: review", model: "alpha")),
            ("risk", AlerterRig.alert("dd-1", kind: AlertKinds.dailyDrawdown, title: "Daily drawdown: beta", message: "beta halted until 2023-04-02T00:00:00.000Z", model: "beta")),
            ("oms", AlerterRig.alert(
                "rej-1", kind: AlertKinds.orderRejected, severity: .warning, title: "Order rejected for alpha", message: "BUY 0.5 BTCUSDT: insufficient_balance",
                source: "oms", model: "alpha", symbol: "BTCUSDT", fields: ["order": "alpha-17", "purpose": "ENTRY"]
            )),
            ("oms", AlerterRig.alert(
                "fill-1", kind: AlertKinds.liveFill, severity: .info, title: "Live fill for alpha", message: "BUY 0.01 BTCUSDT at 28465.10, fee 0.14 USDT",
                source: "oms", model: "alpha", symbol: "BTCUSDT"
            )),
            ("gateway", DataFinding.tradeGap(venue: venue, symbol: btc, missing: 100...149).alert(source: ServiceName(unchecked: "gateway"), time: now)),
            ("gateway", DataFinding.staleFeed(venue: venue, symbol: btc, stream: "trades", silence: .seconds(45)).alert(source: ServiceName(unchecked: "gateway"), time: now)),
            ("features", AlerterRig.alert(
                "llm-1", kind: AlertKinds.llmFailureStreak, severity: .error, title: "gpt_agent failing", message: "5 decisions in a row were invalid replies",
                source: "features", model: "gpt_agent"
            )),
            ("features", AlerterRig.alert(
                "llm-2", kind: AlertKinds.llmBudgetSpent, severity: .error, title: "gpt_agent budget spent", message: "10.00 USD of 10.00 USD today; HOLD until midnight UTC",
                source: "features", model: "gpt_agent"
            )),
            ("reporter", AlerterRig.alert(
                "report-day-2023-04-01", kind: AlertKinds.report, severity: .info, title: "Daily report 2023-04-01", message: "best: ema_trend +0.4 %; worst: breakout -0.9 %",
                source: "reporter", fields: ["period": "day", "path": "/reports/day/2023-04-01/arena.html"]
            )),
        ]
        for (service, alert) in published { rig.publish(alert, from: service) }
        // Then a service goes silent: the alerter's own watch says so, and says when it is back.
        for _ in 0..<5 {
            rig.beat("risk")
            try await Task.sleep(for: .milliseconds(100))
        }
        try await rig.eventually("every alert on both destinations") {
            rig.discordMessages.count >= published.count + 1 && rig.telegramMessages.count >= published.count + 1
        }
        rig.beat("risk")
        try await rig.eventually("risk back") { rig.telegramMessages.contains { $0.plainText.contains("risk is back") } }
        await rig.stop()

        let discord = rig.discordMessages, telegram = rig.telegramMessages
        // Alerts of different publishers come through different subscriptions: found by id, not by position.
        for (_, alert) in published {
            let posted = try #require(discord.first { $0.payload.embeds.first?.footer?.text.hasSuffix(" · \(alert.id)") == true }, "\(alert.id)")
            let shown = try #require(telegram.first { $0.plainText.hasSuffix(" · \(alert.id)") }, "\(alert.id)")
            let embed = try #require(posted.payload.embeds.first)
            #expect(embed.title == "\(alert.severity.mark) \(alert.severity.rawValue) · \(alert.title)")
            #expect(embed.color == alert.severity.colour)
            #expect(embed.description == alert.message)
            #expect(embed.footer?.text == "\(alert.source) · \(alert.id)")
            #expect(posted.wait)
            #expect(shown.plainText == Self.telegramText(alert), "\(alert.kind)")
            #expect(shown.entities.first?.type == "bold")
        }
        let down = try #require(discord.first { $0.payload.embeds.first?.title?.contains("risk is down") == true }).payload.embeds[0]
        #expect(down.color == AlertSeverity.critical.colour)
        #expect((down.fields ?? []).contains { $0.name == "kind" && $0.value == AlertKinds.serviceDown })
        #expect(telegram.contains { $0.plainText.hasPrefix("🚨 CRITICAL · risk is down\nno heartbeat for ") })
        #expect(rig.discord.rejections.isEmpty)
        #expect(rig.telegram.rejections.isEmpty)
    }

    @Test func hostileTextArrivesExactlyAsWritten() async throws {
        let rig = try await AlerterRig()
        let reserved = "_*[]()~`>#+-=|{}.!\\"
        let hostile = AlerterRig.alert(
            "hostile-\\`*_1", kind: "order_rejected", severity: .error, title: "*not bold* _not italic_ ~x~ ||spoiler|| \(reserved)",
            message: """
                ```swift
                let x = "`code`" \\ back\\slash
                ```
                [click me](https://evil.example/?a=(1)&b=2) <b>html</b> @everyone
                > not a quote
                1. not a list! 2.5% -3 +4 = {ok} #tag
                """,
            source: "oms", model: "alpha", fields: ["reason": "`rm -rf /` [x](y)", "path": "C:\\temp\\*.log"]
        )
        rig.publish(hostile, from: "oms")
        try await rig.eventually("the hostile alert") { rig.telegramMessages.count >= 1 && rig.discordMessages.count >= 1 }
        await rig.stop()

        let received = try #require(rig.telegramMessages.first)
        #expect(received.plainText == Self.telegramText(hostile))
        #expect(received.entities.map(\.type) == ["bold", "italic", "code"])
        let embed = try #require(rig.discordMessages.first?.payload.embeds.first)
        #expect(embed.description == hostile.message)
        #expect(rig.discordMessages.first?.sent.allowedMentions?.parse == [])
    }

    @Test func aMessageLongerThanTelegramTakesIsSplitAndEveryPartAccepted() async throws {
        let rig = try await AlerterRig()
        let long = (0..<400).map { "line \($0): 1.5 (+3%) [ok] \\ `x`" }.joined(separator: "\n")
        rig.publish(AlerterRig.alert("long-1", kind: "report", severity: .info, title: "Weekly report", message: long, source: "reporter"), from: "reporter")
        try await rig.eventually("the parts") { rig.telegramMessages.count >= 4 && rig.discordMessages.count >= 1 }
        try await Task.sleep(for: .milliseconds(300))
        await rig.stop()

        let parts = rig.telegramMessages
        #expect(parts.count > 3)
        #expect(rig.telegram.rejections.isEmpty)
        let texts = parts.map(\.plainText)
        for (i, text) in texts.enumerated() { #expect(text.hasPrefix("(\(i + 1)/\(parts.count)) ")) }
        let joined = texts.map { String($0.drop { $0 != " " }.dropFirst()) }.joined(separator: "\n")
        #expect(joined.contains(long))
        let embed = try #require(rig.discordMessages.first?.sent.embeds.first)
        #expect(embed.description?.hasSuffix(TextLimit.marker) == true)
        #expect(embed.countedLength <= DiscordLimits.total)
    }
}
