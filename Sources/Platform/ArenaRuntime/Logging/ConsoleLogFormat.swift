import Logging

/// Writes a ``LogRecord`` for a person at a terminal:
///
/// ```
/// 2025-01-02T03:04:05.678Z  ERROR oms [arena.oms] order rejected order.id=7 error="…" (Execution/OMS.swift:42)
/// ```
///
/// Levels are coloured only when the output is a terminal, so that a console
/// log captured to a file stays free of escape codes.
enum ConsoleLogFormat {
    static func line(for record: LogRecord, colour: Bool) -> String {
        var out = record.timestamp.description + " "
        let level = record.level.rawValue.uppercased()
        let padded = String(repeating: " ", count: max(0, 8 - level.count)) + level
        out += colour ? Self.colour(for: record.level) + padded + "\u{1B}[0m" : padded
        out += " \(record.service) [\(record.label)] \(record.message)"
        for (key, value) in record.fields {
            out += " \(key)=\(quoted(render(value)))"
        }
        if let error = record.error { out += " error=\(quoted(error))" }
        if record.includesLocation { out += " (\(record.file):\(record.line) \(record.function))" }
        return out + "\n"
    }

    private static func render(_ value: Logger.MetadataValue) -> String {
        switch value {
        case let .string(text): text
        case let .stringConvertible(convertible): convertible.description
        case let .array(items): "[" + items.map(render).joined(separator: ", ") + "]"
        case let .dictionary(nested):
            "{" + nested.sorted { $0.key < $1.key }.map { "\($0.key): \(render($0.value))" }.joined(separator: ", ") + "}"
        }
    }

    /// Values with spaces, quotes or line breaks are quoted so that `key=value` pairs stay separable.
    private static func quoted(_ text: String) -> String {
        guard text.isEmpty || text.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline }) else {
            return text
        }
        var out = ""
        JSONLogFormat.writeString(text, into: &out)
        return out
    }

    private static func colour(for level: Logger.Level) -> String {
        switch level {
        case .trace, .debug: "\u{1B}[2m"  // dim
        case .info, .notice: "\u{1B}[32m"  // green
        case .warning: "\u{1B}[33m"  // yellow
        case .error, .critical: "\u{1B}[31m"  // red
        }
    }
}
