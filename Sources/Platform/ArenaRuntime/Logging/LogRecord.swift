import ArenaCore
import Logging

/// One log event with everything resolved (time, merged and redacted
/// metadata), the common input of both line formats.
struct LogRecord {
    let timestamp: Timestamp
    let level: Logger.Level
    let service: String
    let label: String
    let message: String
    /// Metadata with nested dictionaries flattened to dotted keys, sorted by key, already redacted.
    let fields: [(key: String, value: Logger.MetadataValue)]
    /// The error attached to the event, if any.
    let error: String?
    let source: String
    let file: String
    let function: String
    let line: UInt

    /// Whether the line should say where in the code it was logged: only for
    /// errors, where the location is worth its bytes.
    var includesLocation: Bool { level >= .error }

    /// Flattens `metadata` (`["order": ["id": "7"]]` becomes `order.id=7`) so
    /// that log collectors can index every field without knowing the nesting.
    static func flatten(_ metadata: Logger.Metadata) -> [(key: String, value: Logger.MetadataValue)] {
        var fields: [(key: String, value: Logger.MetadataValue)] = []
        func visit(_ metadata: Logger.Metadata, prefix: String) {
            for (key, value) in metadata {
                let name = prefix.isEmpty ? key : prefix + "." + key
                if case let .dictionary(nested) = value, !nested.isEmpty {
                    visit(nested, prefix: name)
                } else {
                    fields.append((name, value))
                }
            }
        }
        visit(metadata, prefix: "")
        return fields.sorted { $0.key < $1.key }
    }
}
