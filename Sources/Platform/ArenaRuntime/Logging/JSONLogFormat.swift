import ArenaCore
import Logging

/// Writes a ``LogRecord`` as one JSON object on one line:
///
/// ```json
/// {"timestamp":"2025-01-02T03:04:05.678Z","level":"error","service":"oms","label":"arena.oms",
///  "message":"order rejected","order.id":"7","error":"…","source":"Execution","file":"…","line":42,"function":"…"}
/// ```
///
/// The JSON is written by hand rather than with `JSONEncoder`: key order stays
/// fixed (timestamp first, for people reading raw lines), and a log line
/// costs no intermediate objects.
enum JSONLogFormat {
    /// Field names the record itself uses; metadata with one of these names is
    /// written as `metadata.<name>` so it cannot overwrite them.
    static let reservedKeys: Set<String> = [
        "timestamp", "level", "service", "label", "message", "error", "source", "file", "line", "function",
    ]

    static func line(for record: LogRecord) -> String {
        var out = "{"
        out.reserveCapacity(256)
        append(&out, key: "timestamp", string: record.timestamp.description, first: true)
        append(&out, key: "level", string: record.level.rawValue)
        append(&out, key: "service", string: record.service)
        append(&out, key: "label", string: record.label)
        append(&out, key: "message", string: record.message)
        for (key, value) in record.fields {
            out += ","
            writeString(reservedKeys.contains(key) ? "metadata." + key : key, into: &out)
            out += ":"
            writeValue(value, into: &out)
        }
        if let error = record.error { append(&out, key: "error", string: error) }
        if record.includesLocation {
            append(&out, key: "source", string: record.source)
            append(&out, key: "file", string: record.file)
            out += ",\"line\":\(record.line)"
            append(&out, key: "function", string: record.function)
        }
        out += "}\n"
        return out
    }

    private static func append(_ out: inout String, key: String, string: String, first: Bool = false) {
        if !first { out += "," }
        writeString(key, into: &out)
        out += ":"
        writeString(string, into: &out)
    }

    private static func writeValue(_ value: Logger.MetadataValue, into out: inout String) {
        switch value {
        case let .string(text):
            writeString(text, into: &out)
        case let .stringConvertible(convertible):
            writeString(convertible.description, into: &out)
        case let .array(items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                writeValue(item, into: &out)
            }
            out += "]"
        case let .dictionary(nested):
            // Only empty or nested-in-array dictionaries get here; top-level ones are flattened.
            out += "{"
            for (index, (key, item)) in nested.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { out += "," }
                writeString(key, into: &out)
                out += ":"
                writeValue(item, into: &out)
            }
            out += "}"
        }
    }

    /// A JSON string literal (RFC 8259 §7): quotes, backslashes and control characters escaped.
    static func writeString(_ text: String, into out: inout String) { JSONText.appendQuoted(text, to: &out) }
}
