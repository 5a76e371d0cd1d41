import ArenaCore

/// Which alerts a destination takes (spec §9: severity and kind filters per destination).
///
/// A kind pattern is a kind (`kill_switch`) or a prefix ending in `*` (`store_*`, `data_*`);
/// `*` alone matches every kind. An alert passes when its severity is at least
/// ``minimumSeverity``, its kind matches one of ``kinds`` (or ``kinds`` is empty) and none of
/// ``excludedKinds``.
public struct AlertFilter: Sendable, Hashable {
    /// The least severity sent.
    public var minimumSeverity: AlertSeverity
    /// Kinds sent; empty sends every kind.
    public var kinds: [String]
    /// Kinds never sent, whatever ``kinds`` says.
    public var excludedKinds: [String]

    /// A filter; the default passes everything.
    public init(minimumSeverity: AlertSeverity = .info, kinds: [String] = [], excludedKinds: [String] = []) {
        self.minimumSeverity = minimumSeverity
        self.kinds = kinds
        self.excludedKinds = excludedKinds
    }

    /// Whether `alert` goes to the destination.
    public func admits(_ alert: Alert) -> Bool {
        guard alert.severity >= minimumSeverity else { return false }
        if excludedKinds.contains(where: { Self.matches($0, alert.kind) }) { return false }
        return kinds.isEmpty || kinds.contains { Self.matches($0, alert.kind) }
    }

    /// Whether `pattern` (a kind, or a prefix ending in `*`) matches `kind`.
    public static func matches(_ pattern: String, _ kind: String) -> Bool {
        if pattern.hasSuffix("*") { return kind.hasPrefix(pattern.dropLast()) }
        return pattern == kind
    }

    /// Why `pattern` is not a kind pattern, or nil when it is one: lower-case words joined
    /// by `_`, optionally ending in `*`.
    public static func problem(with pattern: String) -> String? {
        let body = pattern.hasSuffix("*") ? pattern.dropLast() : Substring(pattern)
        guard body.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }) else {
            return "a kind is lower-case letters, digits and _, optionally ending in * (a prefix)"
        }
        return body.isEmpty && !pattern.hasSuffix("*") ? "must not be empty" : nil
    }
}
