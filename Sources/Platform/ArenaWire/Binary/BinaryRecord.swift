import ArenaCore

/// A type with a hand-written binary form for the hot path.
///
/// The bytes must be exactly those the generic Codable path writes for the
/// same value, and reading must accept and reject exactly what the Codable
/// path does; `BinaryRecordEquivalenceTests` checks both for every conformer.
/// Codable's per-container costs (a boxed container, metadata look-ups,
/// witness dispatch per field) are most of the time of a small message, and
/// market data and envelope headers are sent a million times a second.
public protocol BinaryRecord {
    /// Appends the value's binary form.
    func writeBinary(to writer: inout WireWriter)
    /// Reads a value written by ``writeBinary(to:)`` or by the Codable path.
    init(readingBinary reader: inout WireReader, limits: BinaryLimits) throws(WireError)
}

extension WireWriter {
    /// An identifier, as its text.
    @inlinable
    public mutating func write(_ id: some StringIdentifier) { writeString(id.value) }
    /// An enum, as its raw value.
    @inlinable
    public mutating func write(_ value: some WireEnum) { writeString(value.rawValue) }
    /// A decimal, as the zig-zag varint of its raw value.
    @inlinable
    public mutating func write(_ value: FixedDecimal) { writeZigZag(value.raw) }
    /// A timestamp, as the zig-zag varint of its nanoseconds.
    @inlinable
    public mutating func write(_ value: Timestamp) { writeZigZag(value.nanoseconds) }
    /// A signed integer, as a zig-zag varint.
    @inlinable
    public mutating func write(_ value: Int64) { writeZigZag(value) }
    /// A boolean, as one byte.
    @inlinable
    public mutating func write(_ value: Bool) { writeByte(value ? 1 : 0) }

    /// An optional: a presence byte, then the value when present.
    @inlinable
    public mutating func writeOptional<T>(_ value: T?, _ write: (inout WireWriter, T) -> Void) {
        guard let value else { return writeByte(0) }
        writeByte(1)
        write(&self, value)
    }
}

extension WireReader {
    /// An identifier, validated like its Codable form; errors name `field`.
    @inlinable
    public mutating func readIdentifier<I: StringIdentifier>(_ type: I.Type, field: String, limits: BinaryLimits) throws(WireError) -> I {
        let text = try readString(limit: limits.maxStringBytes)
        do { return try I(text) } catch { throw WireError.invalidValue(path: field, reason: error.description) }
    }

    /// An enum by raw value, validated like its Codable form; errors name `field`.
    @inlinable
    public mutating func readEnum<E: WireEnum>(_ type: E.Type, field: String, limits: BinaryLimits) throws(WireError) -> E {
        let raw = try readString(limit: limits.maxStringBytes)
        guard let value = E(rawValue: raw) else {
            let allowed = E.allCases.map(\.rawValue).joined(separator: ", ")
            throw WireError.invalidValue(path: field, reason: "\"\(raw.prefix(64))\" is not one of \(allowed)")
        }
        return value
    }

    /// A decimal.
    @inlinable
    public mutating func readDecimal() throws(WireError) -> FixedDecimal { FixedDecimal(raw: try readZigZag128()) }
    /// A timestamp.
    @inlinable
    public mutating func readTimestamp() throws(WireError) -> Timestamp { Timestamp(nanoseconds: try readZigZag()) }

    /// A boolean; bytes other than 0 and 1 are errors, as in the Codable path.
    @inlinable
    public mutating func readBool(field: String) throws(WireError) -> Bool {
        let at = offset
        switch try readByte() {
        case 0: return false
        case 1: return true
        case let b: throw WireError.invalidValue(path: field, reason: "boolean byte \(b) at \(at) is neither 0 nor 1")
        }
    }

    /// An optional written by ``WireWriter/writeOptional(_:_:)``.
    @inlinable
    public mutating func readOptional<T>(_ read: (inout WireReader) throws(WireError) -> T) throws(WireError) -> T? {
        let at = offset
        switch try readByte() {
        case 0: return nil
        case 1: return try read(&self)
        case let tag: throw WireError.invalidOptionalTag(offset: at, tag: tag)
        }
    }
}
