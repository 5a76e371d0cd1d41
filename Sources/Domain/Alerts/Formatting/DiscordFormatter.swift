import ArenaCore

/// Discord's documented embed limits (Channel resource, "Embed Limits").
public enum DiscordLimits {
    public static let title = 256
    public static let description = 4096
    public static let fields = 25
    public static let fieldName = 256
    public static let fieldValue = 1024
    public static let footer = 2048
    /// Everything counted across the embeds of one message.
    public static let total = 6000
}

/// An alert as a Discord webhook message: one embed coloured by severity, within every limit.
///
/// Nothing is refused for length: a long part is cut with ``TextLimit/marker``; more than 25
/// fields keep the first 24 and say how many were left out; when the whole would pass 6,000
/// characters the field values are shortened, then the description takes what room is left.
public enum DiscordFormatter {
    /// The field values' length when the whole message would otherwise be too long.
    static let crowdedFieldValue = 160
    static let crowdedFieldName = 64

    /// The webhook body for `alert`, posted as `username`.
    public static func payload(for alert: Alert, username: String = "Alpha Arena") -> DiscordWebhookPayload {
        let title = TextLimit.cut("\(alert.severity.mark) \(alert.severity.rawValue) · \(alert.title)", to: DiscordLimits.title)
        let footer = DiscordEmbed.Footer(text: TextLimit.cut("\(alert.source) · \(alert.id)", to: DiscordLimits.footer))
        var fields = embedFields(alert.displayFields, valueLimit: DiscordLimits.fieldValue, nameLimit: DiscordLimits.fieldName)
        let fixed = TextLimit.length(title) + TextLimit.length(footer.text)
        if fixed + length(of: fields) > DiscordLimits.total - 500 {
            fields = embedFields(alert.displayFields, valueLimit: crowdedFieldValue, nameLimit: crowdedFieldName)
        }
        while fixed + length(of: fields) > DiscordLimits.total, !fields.isEmpty { fields.removeLast() }
        let room = min(DiscordLimits.description, DiscordLimits.total - fixed - length(of: fields))
        let message = alert.message.isEmpty ? nil : TextLimit.cut(alert.message, to: room)
        let embed = DiscordEmbed(
            title: title, description: message?.isEmpty == false ? message : nil, color: alert.severity.colour, fields: fields,
            footer: footer, timestamp: alert.time.description
        )
        return DiscordWebhookPayload(username: username, embeds: [embed], allowedMentions: .nobody)
    }

    /// `facts` as embed fields within the per-field limits; past 25, the last one says how many more there were.
    static func embedFields(_ facts: [(name: String, value: String)], valueLimit: Int, nameLimit: Int) -> [DiscordEmbed.Field] {
        func field(_ name: String, _ value: String) -> DiscordEmbed.Field {
            // Discord refuses an empty name or value.
            DiscordEmbed.Field(
                name: TextLimit.cut(name.isEmpty ? "-" : name, to: nameLimit), value: TextLimit.cut(value.isEmpty ? "-" : value, to: valueLimit),
                inline: TextLimit.length(value) <= 40
            )
        }
        guard facts.count > DiscordLimits.fields else { return facts.map { field($0.name, $0.value) } }
        let kept = facts.prefix(DiscordLimits.fields - 1).map { field($0.name, $0.value) }
        let left = facts.dropFirst(DiscordLimits.fields - 1)
        return kept + [field("+\(left.count) more", left.map(\.name).joined(separator: ", "))]
    }

    private static func length(of fields: [DiscordEmbed.Field]) -> Int {
        fields.map { TextLimit.length($0.name) + TextLimit.length($0.value) }.reduce(0, +)
    }
}
