import Logging

/// Decides which values are secrets, so that logs and configuration errors never show them.
///
/// The rule is by key name because the code that logs a value rarely knows
/// whether it came from a secret (an HTTP header map, an environment dump);
/// the name is what survives. Handlers apply it to every metadata key at every
/// nesting level, so a forgotten call site cannot leak.
public struct LogRedaction: Sendable {
    /// What a masked value is written as.
    public static let mask = "***"

    /// The project's rule: ``isSensitive(key:)``.
    public static let standard = LogRedaction(isSensitive: LogRedaction.isSensitive(key:))

    /// Never masks anything; for handlers in tests that check the raw output.
    public static let none = LogRedaction(isSensitive: { _ in false })

    /// The predicate this redaction applies to each key (the hook).
    public let isSensitive: @Sendable (_ key: String) -> Bool

    /// A redaction with a custom predicate, for services with extra secret names.
    public init(isSensitive: @escaping @Sendable (_ key: String) -> Bool) {
        self.isSensitive = isSensitive
    }

    /// Whether the value stored under `key` is a secret: the key (the last
    /// segment of a dotted path) contains `key`, `secret`, `token`, `password` or `webhook`,
    /// case-insensitively.
    ///
    /// Keys ending in `_file` are the exception: they hold where a secret is
    /// mounted, not the secret, and an operator whose start failed needs to see
    /// which path was wrong.
    public static func isSensitive(key: String) -> Bool {
        let name = key.split(separator: ".").last.map { $0.lowercased() } ?? ""
        if name.hasSuffix("_file") { return false }
        return sensitiveWords.contains { name.contains($0) }
    }

    // A webhook URL carries its token: whoever has it can post.
    private static let sensitiveWords = ["key", "secret", "token", "password", "webhook"]

    /// `metadata` with the values of sensitive keys masked, recursively.
    public func redact(_ metadata: Logger.Metadata) -> Logger.Metadata {
        var result = Logger.Metadata(minimumCapacity: metadata.count)
        for (key, value) in metadata {
            result[key] = redact(value, key: key)
        }
        return result
    }

    /// `value` masked if `key` is sensitive, otherwise with its nested dictionaries redacted.
    public func redact(_ value: Logger.MetadataValue, key: String) -> Logger.MetadataValue {
        if isSensitive(key) { return .string(Self.mask) }
        switch value {
        case let .dictionary(nested): return .dictionary(redact(nested))
        case let .array(items): return .array(items.map { redact($0, key: key) })
        case .string, .stringConvertible: return value
        }
    }
}
