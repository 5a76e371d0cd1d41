/// Why a replay input could not be read, and exactly where.
///
/// Every failure names the file (or other label), the 1-based line, the field
/// when one is at fault, and the reason in words, so one bad value in a file of
/// millions of rows can be found at once. Replays stop on the first error: a
/// bad row is never skipped or given a default.
public struct ReplayError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file name or other label the caller gave for the input.
    public var source: String
    /// 1-based line in the (decompressed) text; 0 when the problem is not on a line (the file cannot be opened).
    public var line: Int
    /// The field the problem is in, for example `"price"`.
    public var field: String?
    /// What is wrong, in words.
    public var reason: String

    /// Creates an error at a position.
    public init(source: String, line: Int, field: String? = nil, reason: String) {
        self.source = source
        self.line = line
        self.field = field
        self.reason = reason
    }

    public var description: String {
        let place = line > 0 ? "\(source):\(line):" : "\(source):"
        return field.map { "\(place) field \($0): \(reason)" } ?? "\(place) \(reason)"
    }
}
