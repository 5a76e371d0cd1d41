import ArenaCore

/// A value bound to a statement parameter or read from a result column.
///
/// The five storage classes both PostgreSQL and SQLite can carry exactly.
/// Decimals travel as canonical text (exact; PostgreSQL columns are
/// `NUMERIC`), timestamps as integer nanoseconds (`BIGINT`).
public enum SQLValue: Sendable, Hashable {
    /// SQL NULL.
    case null
    /// A 64-bit integer (PostgreSQL int2/int4/int8/oid, and booleans as 0/1).
    case integer(Int64)
    /// A double (PostgreSQL float4/float8).
    case real(Double)
    /// UTF-8 text, and PostgreSQL NUMERIC in its exact text form.
    case text(String)
    /// Bytes (PostgreSQL bytea, SQLite BLOB).
    case blob([UInt8])
}

/// A Swift type that converts to and from ``SQLValue`` exactly.
public protocol SQLValueConvertible: Sendable {
    /// The value to bind.
    var sqlValue: SQLValue { get }
    /// Reads the type back; throws ``StoreError/decoding(column:reason:)`` naming `column`.
    init(sqlValue: SQLValue, column: String) throws(StoreError)
}

extension SQLValue {
    /// A mismatch error for `column`.
    func mismatch(_ column: String, expected: String) -> StoreError {
        .decoding(column: column, reason: "expected \(expected), got \(self)")
    }
}

extension Int64: SQLValueConvertible {
    public var sqlValue: SQLValue { .integer(self) }
    public init(sqlValue: SQLValue, column: String) throws(StoreError) {
        guard case let .integer(v) = sqlValue else { throw sqlValue.mismatch(column, expected: "an integer") }
        self = v
    }
}

extension Int: SQLValueConvertible {
    public var sqlValue: SQLValue { .integer(Int64(self)) }
    public init(sqlValue: SQLValue, column: String) throws(StoreError) {
        self = Int(try Int64(sqlValue: sqlValue, column: column))
    }
}

extension Bool: SQLValueConvertible {
    public var sqlValue: SQLValue { .integer(self ? 1 : 0) }
    public init(sqlValue: SQLValue, column: String) throws(StoreError) {
        switch try Int64(sqlValue: sqlValue, column: column) {
        case 0: self = false
        case 1: self = true
        case let v: throw StoreError.decoding(column: column, reason: "boolean \(v) is neither 0 nor 1")
        }
    }
}

extension Double: SQLValueConvertible {
    public var sqlValue: SQLValue { .real(self) }
    public init(sqlValue: SQLValue, column: String) throws(StoreError) {
        switch sqlValue {
        case let .real(v): self = v
        case let .integer(v): self = Double(v)
        default: throw sqlValue.mismatch(column, expected: "a number")
        }
    }
}

extension String: SQLValueConvertible {
    public var sqlValue: SQLValue { .text(self) }
    public init(sqlValue: SQLValue, column: String) throws(StoreError) {
        guard case let .text(v) = sqlValue else { throw sqlValue.mismatch(column, expected: "text") }
        self = v
    }
}

extension [UInt8]: SQLValueConvertible {
    public var sqlValue: SQLValue { .blob(self) }
    public init(sqlValue: SQLValue, column: String) throws(StoreError) {
        guard case let .blob(v) = sqlValue else { throw sqlValue.mismatch(column, expected: "a blob") }
        self = v
    }
}

extension FixedDecimal: SQLValueConvertible {
    public var sqlValue: SQLValue { .text(description) }
    public init(sqlValue: SQLValue, column: String) throws(StoreError) {
        let text: String
        switch sqlValue {
        case let .text(t): text = t
        case let .integer(i): text = String(i)
        default: throw sqlValue.mismatch(column, expected: "a decimal")
        }
        do { self = try FixedDecimal(parsing: text) } catch {
            throw StoreError.decoding(column: column, reason: "\(error): \"\(text.prefix(64))\"")
        }
    }
}

extension Timestamp: SQLValueConvertible {
    public var sqlValue: SQLValue { .integer(nanoseconds) }
    public init(sqlValue: SQLValue, column: String) throws(StoreError) {
        self.init(nanoseconds: try Int64(sqlValue: sqlValue, column: column))
    }
}

extension Optional: SQLValueConvertible where Wrapped: SQLValueConvertible {
    public var sqlValue: SQLValue { self?.sqlValue ?? .null }
    public init(sqlValue: SQLValue, column: String) throws(StoreError) {
        if case .null = sqlValue { self = nil } else { self = try Wrapped(sqlValue: sqlValue, column: column) }
    }
}
