import ArenaCore
import Foundation

/// How numbers and times read on the dashboard.
enum Format {
    static func percent(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "–" }
        return String(format: "%+.2f%%", value * 100)
    }

    /// A share (win rate, exposure): no sign.
    static func share(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "–" }
        return String(format: "%.1f%%", value * 100)
    }

    static func ratio(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "–" }
        return String(format: "%.2f", value)
    }

    static func money(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "–" }
        return String(format: "%.2f", value)
    }

    static func money(_ value: FixedDecimal?) -> String { value.map { $0.formatted(places: 2) } ?? "–" }

    static func time(milliseconds: Int64?) -> String {
        guard let milliseconds else { return "–" }
        let date = Date(timeIntervalSince1970: Double(milliseconds) / 1_000)
        return formatter.string(from: date)
    }

    static func time(_ timestamp: Timestamp) -> String { time(milliseconds: timestamp.nanoseconds / 1_000_000) }

    nonisolated(unsafe) private static let formatter: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter
    }()

    /// Pretty JSON for the audit view.
    static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).flatMap { String(data: $0, encoding: .utf8) } ?? "(cannot be shown)"
    }
}
