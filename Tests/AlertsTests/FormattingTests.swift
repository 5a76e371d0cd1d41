import Alerts
import ArenaCore
import Foundation
import Testing

/// Discord embeds and Telegram MarkdownV2 texts: within the documented limits whatever the input,
/// cut with a marker rather than refused, and the Telegram text showing exactly what was written.
@Suite struct FormattingTests {
    static func alert(title: String = "Kill switch", message: String = "flattened", fields: [String: String] = [:], severity: AlertSeverity = .critical) -> Alert {
        Alert(
            id: "kill_switch-alpha-1", severity: severity, kind: "kill_switch", source: ServiceName(unchecked: "risk"), title: title, message: message,
            symbol: Symbol(unchecked: "BTCUSDT"), model: ModelID(unchecked: "alpha"), fields: fields, time: Timestamp(nanoseconds: 1_680_307_200_000_000_000)
        )
    }

    @Test func anEmbedIsColouredBySeverityAndCarriesTheFacts() throws {
        let embed = try #require(DiscordFormatter.payload(for: Self.alert(fields: ["drawdown": "0.12"])).embeds.first)
        #expect(embed.color == 0xE74C3C)
        #expect(embed.title == "🚨 CRITICAL · Kill switch")
        #expect(embed.description == "flattened")
        #expect(embed.fields.map(\.name) == ["source", "kind", "model", "symbol", "drawdown"])
        #expect(embed.fields.last?.value == "0.12")
        #expect(embed.timestamp == "2023-04-01T00:00:00.000Z")
        #expect(DiscordFormatter.payload(for: Self.alert(severity: .warning)).embeds.first?.color == 0xF1C40F)
        #expect(DiscordFormatter.payload(for: Self.alert()).allowedMentions?.parse == [])
    }

    @Test func anOversizedAlertIsCutToEveryDiscordLimitNotRefused() throws {
        var fields: [String: String] = [:]
        for i in 0..<40 { fields[String(format: "f%02d", i) + String(repeating: "n", count: 300)] = String(repeating: "v", count: 2_000) }
        let alert = Self.alert(title: String(repeating: "T", count: 1_000), message: String(repeating: "m", count: 10_000), fields: fields)
        let embed = try #require(DiscordFormatter.payload(for: alert).embeds.first)
        #expect(TextLimit.length(embed.title ?? "") <= DiscordLimits.title)
        #expect(embed.title?.hasSuffix(TextLimit.marker) == true)
        #expect(TextLimit.length(embed.description ?? "") <= DiscordLimits.description)
        #expect(embed.fields.count == DiscordLimits.fields)
        #expect(embed.fields.last?.name == "+20 more")
        #expect(embed.fields.allSatisfy { TextLimit.length($0.name) <= DiscordLimits.fieldName && TextLimit.length($0.value) <= DiscordLimits.fieldValue })
        #expect(embed.countedLength <= DiscordLimits.total)
        #expect(embed.description?.hasSuffix(TextLimit.marker) == true)
    }

    @Test func cuttingKeepsWholeCharacters() {
        let text = String(repeating: "🚀", count: 10)  // two UTF-16 units each
        let cut = TextLimit.cut(text, to: 13)
        #expect(TextLimit.length(cut) <= 13)
        #expect(cut == "🚀🚀🚀" + TextLimit.marker)
        #expect(TextLimit.cut("short", to: 10) == "short")
    }

    @Test func everyReservedCharacterIsEscapedOutsideAndOnlyBacktickAndBackslashInCode() {
        let reserved = "_*[]()~`>#+-=|{}.!\\"
        #expect(MarkdownV2.escape(reserved) == reserved.map { "\\\($0)" }.joined())
        #expect(MarkdownV2.escape("plain words 123") == "plain words 123")
        #expect(MarkdownV2.escapeCode("a`b\\c_d*") == "a\\`b\\\\c_d*")
    }

    @Test func aTelegramTextLongerThan4096IsSplitBetweenLinesAndInsideOneOnlyWhereItMust() {
        let long = (0..<300).map { "line \($0): price 1.5 (+3%) [ok]" }.joined(separator: "\n") + "\n" + String(repeating: "x.", count: 5_000)
        let parts = TelegramFormatter.messages(for: Self.alert(message: long))
        #expect(parts.count > 2)
        #expect(parts.allSatisfy { $0.length <= TelegramFormatter.limit })
        for (i, part) in parts.enumerated() { #expect(part.plain.hasPrefix("(\(i + 1)/\(parts.count)) ")) }
        let whole = TelegramFormatter.split(TelegramFormatter.lines(for: Self.alert(message: long)), limit: 1_000_000)
        #expect(whole.count == 1)
        // Without the part labels the parts hold the whole text: the cuts fall on line breaks or inside the one long line.
        let joined = parts.map { String($0.plain.drop { $0 != ")" }.dropFirst(2)) }.joined(separator: "\n")
        #expect(joined.replacingOccurrences(of: "\n", with: "") == whole[0].plain.replacingOccurrences(of: "\n", with: ""))
    }
}
