import ArenaCore
import Foundation

/// Encodes `Encodable` values into the compact positional binary format.
///
/// Fields are written in the order `encode(to:)` visits them, without keys;
/// optionals carry a presence byte; collections carry a varint count;
/// dictionaries and sets are written in the order of their encoded keys, so
/// equal values always give equal bytes (snapshots are hashed). The exact
/// format is specified in `proto/PROTOCOL.md`.
public struct BinaryEncoder: Sendable {
    public init() {}

    /// The encoding of `value`.
    public func encode<T: Encodable>(_ value: T) throws(WireError) -> [UInt8] {
        var writer = WireWriter(capacity: 128)
        try encode(value, into: &writer)
        return writer.bytes
    }

    /// Appends the encoding of `value` to `writer`.
    public func encode<T: Encodable>(_ value: T, into writer: inout WireWriter) throws(WireError) {
        var state = BinaryEncodingState(writer: writer)
        writer = WireWriter(capacity: 0)  // hand the storage over without a copy
        defer { writer = state.writer }
        do {
            try withUnsafeMutablePointer(to: &state) { pointer in
                let encoding = BinaryEncoding(state: pointer)
                try encoding.encodeValue(value)
                encoding.applyCountFixups()
            }
        } catch let error as WireError {
            throw error
        } catch {
            throw WireError.encoding(String(describing: error))
        }
    }
}

/// The mutable state of one top-level encode, on the caller's stack.
struct BinaryEncodingState {
    var writer: WireWriter
    /// Unkeyed containers whose element count is only known at the end.
    var fixups: [UnkeyedCount] = []
}

/// The `Encoder` behind ``BinaryEncoder``.
///
/// A trivial struct pointing at ``BinaryEncodingState``: Codable copies its
/// encoder and containers on every field, and copying a class reference
/// (retain/release) cost more than encoding the field. The state outlives
/// every copy because containers never escape the top-level `encode` call.
struct BinaryEncoding: Encoder {
    let state: UnsafeMutablePointer<BinaryEncodingState>

    var writer: WireWriter {
        get { state.pointee.writer }
        nonmutating _modify { yield &state.pointee.writer }
    }

    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(BinaryKeyedEncodingContainer<Key>(encoding: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let count = UnkeyedCount(offset: writer.bytes.count)
        state.pointee.fixups.append(count)
        return BinaryUnkeyedEncodingContainer(encoding: self, counter: count)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        BinarySingleValueEncodingContainer(encoding: self)
    }

    /// Writes the counts of generic unkeyed containers, last first, so that
    /// each insertion leaves the offsets of earlier ones valid.
    func applyCountFixups() {
        for f in state.pointee.fixups.sorted(by: { $0.offset > $1.offset }) {
            writer.insertVarint(UInt64(f.count), at: f.offset)
        }
        state.pointee.fixups.removeAll()
    }

    @inline(__always)
    func encodePrimitive<P: BinaryPrimitive>(_ value: P) { value.write(to: &state.pointee.writer) }

    /// Writes any value: primitives and well-known types directly, collections
    /// with a count, optionals with a tag, everything else through `encode(to:)`.
    func encodeValue<T: Encodable>(_ value: T) throws {
        let kind = BinaryTypeKind.of(T.self)
        if writePrimitive(value, kind.primitive, to: &state.pointee.writer) { return }
        if kind.isSpecialEncodable, let special = value as? any BinarySpecialEncodable {
            try special.encodeBinary(into: self)
        } else {
            try value.encode(to: self)
        }
    }

    /// Writes an optional as a presence byte and, when present, the value.
    func encodeOptional<T: Encodable>(_ value: T?) throws {
        if let value {
            writer.writeByte(1)
            try encodeValue(value)
        } else {
            writer.writeByte(0)
        }
    }
}

/// The running element count of one generic unkeyed container.
final class UnkeyedCount {
    let offset: Int
    var count = 0
    init(offset: Int) { self.offset = offset }
}

/// Types with a binary form of their own: Foundation values, optionals and collections.
protocol BinarySpecialEncodable {
    func encodeBinary(into encoding: BinaryEncoding) throws
}

extension Date: BinarySpecialEncodable {
    func encodeBinary(into e: BinaryEncoding) throws { e.writer.writeFixed64(timeIntervalSinceReferenceDate.bitPattern) }
}

extension Data: BinarySpecialEncodable {
    func encodeBinary(into e: BinaryEncoding) throws { e.writer.writeBlob(self) }
}

extension UUID: BinarySpecialEncodable {
    func encodeBinary(into e: BinaryEncoding) throws {
        withUnsafeBytes(of: uuid) { e.writer.bytes.append(contentsOf: $0) }
    }
}

extension Optional: BinarySpecialEncodable where Wrapped: Encodable {
    func encodeBinary(into e: BinaryEncoding) throws { try e.encodeOptional(self) }
}

extension Array: BinarySpecialEncodable where Element: Encodable {
    func encodeBinary(into e: BinaryEncoding) throws {
        e.writer.writeVarint(UInt64(count))
        for element in self { try e.encodeValue(element) }
    }
}

extension ContiguousArray: BinarySpecialEncodable where Element: Encodable {
    func encodeBinary(into e: BinaryEncoding) throws {
        e.writer.writeVarint(UInt64(count))
        for element in self { try e.encodeValue(element) }
    }
}

extension Set: BinarySpecialEncodable where Element: Encodable {
    func encodeBinary(into e: BinaryEncoding) throws {
        let encoded = try map { element in try BinaryEncoder().encode(element) }.sorted { $0.lexicographicallyPrecedes($1) }
        e.writer.writeVarint(UInt64(count))
        for bytes in encoded { e.writer.bytes.append(contentsOf: bytes) }
    }
}

extension Dictionary: BinarySpecialEncodable where Key: Encodable, Value: Encodable {
    func encodeBinary(into e: BinaryEncoding) throws {
        let entries = try map { key, value in (try BinaryEncoder().encode(key), value) }
            .sorted { $0.0.lexicographicallyPrecedes($1.0) }
        e.writer.writeVarint(UInt64(count))
        for (key, value) in entries {
            e.writer.bytes.append(contentsOf: key)
            try e.encodeValue(value)
        }
    }
}
