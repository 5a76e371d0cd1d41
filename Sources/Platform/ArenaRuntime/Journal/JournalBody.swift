import ArenaCore
import ArenaWire

/// The binary form of a journal body: ``JournalBody/binaryFormat``, then the
/// record's small fields, then at most one wire message, last (read with the
/// message's own binary decoder, fast path included).
///
/// The row's `kind` column says which case of the record the body holds, so
/// the body carries no tag of its own. A JSON body (what builds before this
/// format wrote) starts with `{` and is still read (``JournalCoding``).
public enum JournalBody {
    /// The first byte of a binary body: version 1 of this layout. Never `{`.
    public static let binaryFormat: UInt8 = 0x01
}

/// Appends a binary journal body's fields.
public struct JournalBodyWriter {
    /// The body so far.
    public private(set) var writer = WireWriter(capacity: 256)

    init() { writer.writeByte(JournalBody.binaryFormat) }

    /// A timestamp (zig-zag nanoseconds).
    public mutating func write(_ time: Timestamp) { writer.write(time) }
    /// A string.
    public mutating func write(_ text: String) { writer.writeString(text) }
    /// An optional decimal (a presence byte, then its raw value).
    public mutating func write(_ value: FixedDecimal?) { writer.writeOptional(value) { $0.write($1) } }
    /// A wire message in its binary form: the last field of a body.
    public mutating func write(_ message: some WireMessage) throws(WireError) { try message.encodeBinaryBody(into: &writer) }
}

/// Reads a binary journal body's fields in the order they were written.
public struct JournalBodyReader {
    private let bytes: [UInt8]
    private var offset: Int
    private let limits: BinaryLimits

    init(_ bytes: [UInt8], limits: BinaryLimits = .default) {
        self.bytes = bytes
        self.limits = limits
        offset = 1  // past the format byte
    }

    private mutating func read<T>(_ body: (inout WireReader) throws(WireError) -> T) throws(WireError) -> T {
        let result: Result<T, WireError> = bytes.withUnsafeBytes { raw in
            var reader = WireReader(raw, offset: offset)
            defer { offset = reader.offset }
            return Result { () throws(WireError) in try body(&reader) }
        }
        return try result.get()
    }

    /// A timestamp.
    public mutating func timestamp() throws(WireError) -> Timestamp { Timestamp(nanoseconds: try read { r throws(WireError) in try r.readZigZag() }) }
    /// A string.
    public mutating func string() throws(WireError) -> String { try read { [limits] r throws(WireError) in try r.readString(limit: limits.maxStringBytes) } }
    /// An optional decimal.
    public mutating func optionalDecimal() throws(WireError) -> FixedDecimal? {
        try read { r throws(WireError) in
            switch try r.readByte() {
            case 0: nil
            case 1: FixedDecimal(raw: try r.readZigZag128())
            case let tag: throw WireError.invalidOptionalTag(offset: r.offset - 1, tag: tag)
            }
        }
    }
    /// The wire message that ends the body (all the bytes left).
    public mutating func message<M: WireMessage>(_ type: M.Type) throws(WireError) -> M {
        defer { offset = bytes.count }
        return try M.decodeBinaryBody(bytes[offset...], limits: limits)
    }
}

/// A journal record that writes its body in the binary codec.
public protocol BinaryJournalRecord: JournalRecord {
    /// Writes the body of this record (its kind is the row's `kind` column).
    func writeJournalBody(_ body: inout JournalBodyWriter) throws(WireError)
    /// Reads the record of kind `kind` from its body.
    static func readJournalBody(kind: String, _ body: inout JournalBodyReader) throws(WireError) -> Self
}
