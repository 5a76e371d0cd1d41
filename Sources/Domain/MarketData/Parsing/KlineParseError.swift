/// Why a kline file could not be read, and exactly where.
///
/// Every parser failure names the file, the 1-based text line (and column when
/// the layout is not line-per-row, as in freqtrade JSON), the 1-based data row
/// and the field, so a bad value in a 60,000-row file can be found at once.
public struct KlineParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file name or other label the caller gave for the input.
    public var source: String
    /// 1-based line in the text.
    public var line: Int
    /// 1-based byte column on that line, when useful.
    public var column: Int?
    /// 1-based data row (array element or CSV record, headers and comments not counted).
    public var row: Int?
    /// The field the problem is in, for example `"high"`.
    public var field: String?
    /// What is wrong, in words.
    public var reason: String

    /// Creates an error at a position.
    public init(source: String, line: Int, column: Int? = nil, row: Int? = nil, field: String? = nil, reason: String) {
        self.source = source
        self.line = line
        self.column = column
        self.row = row
        self.field = field
        self.reason = reason
    }

    public var description: String {
        var where_ = "\(source):\(line)"
        if let column { where_ += ":\(column)" }
        var what = ""
        if let row { what += " row \(row)" }
        if let field { what += what.isEmpty ? " field \(field)" : ", field \(field)" }
        return "\(where_):\(what.isEmpty ? "" : what + ":") \(reason)"
    }
}
