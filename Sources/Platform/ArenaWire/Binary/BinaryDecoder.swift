import ArenaCore
import Foundation

/// Decodes values written by ``BinaryEncoder``.
///
/// Input is untrusted: every length is checked against the bytes left and
/// against ``BinaryLimits`` before anything is allocated, nesting is bounded,
/// and all failures are ``WireError``s; nothing traps.
public struct BinaryDecoder: Sendable {
    /// Bounds on strings, blobs, collections and nesting.
    public var limits: BinaryLimits
    /// When true, input that ends where an optional field is expected decodes
    /// that field and every later one as nil: a message from an older minor
    /// version, which lacks the optional fields added since.
    public var missingTrailingOptionalsAreNil: Bool
    /// When true, bytes left after the value are ignored: a message from a
    /// newer minor version, which appends fields this build does not know.
    public var ignoresTrailingBytes: Bool

    public init(
        limits: BinaryLimits = .default, missingTrailingOptionalsAreNil: Bool = false,
        ignoresTrailingBytes: Bool = false
    ) {
        self.limits = limits
        self.missingTrailingOptionalsAreNil = missingTrailingOptionalsAreNil
        self.ignoresTrailingBytes = ignoresTrailingBytes
    }

    /// Decodes a `T` from all of `bytes`.
    public func decode<T: Decodable>(_ type: T.Type, from bytes: some ContiguousBytes) throws(WireError) -> T {
        do {
            return try bytes.withUnsafeBytes { raw in
                var reader = WireReader(raw)
                return try decodeUnmapped(type, from: &reader, requireEnd: true)
            }
        } catch {
            throw WireError.wrapping(error)
        }
    }

    /// Decodes a `T` from `reader`, advancing it; with `requireEnd`, the input must end there.
    public func decode<T: Decodable>(_ type: T.Type, from reader: inout WireReader, requireEnd: Bool) throws(WireError) -> T {
        do { return try decodeUnmapped(type, from: &reader, requireEnd: requireEnd) } catch { throw WireError.wrapping(error) }
    }

    /// The decode itself, with errors not yet mapped to `WireError` (mapping
    /// once at the outermost call keeps generic wrappers off the hot path).
    private func decodeUnmapped<T: Decodable>(_ type: T.Type, from reader: inout WireReader, requireEnd: Bool) throws -> T {
        var state = BinaryDecodingState(
            reader: reader, limits: limits, missingTrailingOptionalsAreNil: missingTrailingOptionalsAreNil
        )
        let value = try withUnsafeMutablePointer(to: &state) { pointer in
            try BinaryDecoding(state: pointer).decodeValue(type)
        }
        reader = state.reader
        if requireEnd && !ignoresTrailingBytes && reader.remaining > 0 {
            throw WireError.trailingBytes(offset: reader.offset, count: reader.remaining)
        }
        return value
    }
}

extension WireError {
    /// Any error thrown while decoding, as a `WireError`.
    static func wrapping(_ error: any Error) -> WireError {
        switch error {
        case let e as WireError: e
        case let e as DecodingError: WireError(e)
        default: .invalidValue(path: "", reason: String(describing: error))
        }
    }

    /// A `DecodingError` raised by a type's own validation, as a wire error with its path.
    init(_ error: DecodingError) {
        let context: DecodingError.Context
        switch error {
        case let .dataCorrupted(c): context = c
        case let .keyNotFound(_, c): context = c
        case let .typeMismatch(_, c): context = c
        case let .valueNotFound(_, c): context = c
        @unknown default: self = .invalidValue(path: "", reason: String(describing: error)); return
        }
        let path = context.codingPath.map(\.stringValue).joined(separator: ".")
        self = .invalidValue(path: path, reason: context.debugDescription)
    }

    /// The same error with `key` prepended to its path, for errors that carry one.
    func prefixingPath(_ key: String) -> WireError {
        guard case let .invalidValue(path, reason) = self else { return self }
        return .invalidValue(path: path.isEmpty ? key : "\(key).\(path)", reason: reason)
    }
}

/// The mutable state of one top-level decode, on the caller's stack.
struct BinaryDecodingState {
    var reader: WireReader
    let limits: BinaryLimits
    let missingTrailingOptionalsAreNil: Bool
    var depth = 0
}

/// The `Decoder` behind ``BinaryDecoder``: a trivial struct pointing at
/// ``BinaryDecodingState``, for the same reason as `BinaryEncoding`.
struct BinaryDecoding: Decoder {
    let state: UnsafeMutablePointer<BinaryDecodingState>

    var reader: WireReader {
        get { state.pointee.reader }
        nonmutating _modify { yield &state.pointee.reader }
    }

    var limits: BinaryLimits { state.pointee.limits }

    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(BinaryKeyedDecodingContainer<Key>(decoding: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let count = try readCount()
        return BinaryUnkeyedDecodingContainer(decoding: self, count: count)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        BinarySingleValueDecodingContainer(decoding: self)
    }

    @inline(__always)
    func decodePrimitive<P: BinaryPrimitive>(_ type: P.Type) throws(WireError) -> P {
        try P.read(from: &state.pointee.reader, limits: state.pointee.limits)
    }

    /// A collection count, bounded by the limit and by the bytes left
    /// (every element takes at least one byte), so hostile counts allocate nothing.
    func readCount() throws(WireError) -> Int {
        try reader.readLength(limit: limits.maxCollectionCount)
    }

    /// Reads any value; the mirror image of `BinaryEncoding.encodeValue`.
    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        let kind = BinaryTypeKind.of(T.self)
        let primitive = kind.primitive
        if primitive != .none {
            return try readPrimitive(type, primitive, from: &state.pointee.reader, limits: state.pointee.limits)
        }
        state.pointee.depth += 1
        defer { state.pointee.depth -= 1 }
        guard state.pointee.depth <= limits.maxDepth else { throw WireError.nestingTooDeep(limit: limits.maxDepth) }
        if kind.isSpecialDecodable, let special = T.self as? any BinarySpecialDecodable.Type {
            return try special.decodeBinary(from: self) as! T
        }
        return try T(from: self)
    }

    /// Reads an optional's presence byte and, when present, the value.
    func decodeOptional<T: Decodable>(_ type: T.Type) throws -> T? {
        if state.pointee.missingTrailingOptionalsAreNil && reader.remaining == 0 { return nil }
        let at = reader.offset
        switch try reader.readByte() {
        case 0: return nil
        case 1: return try decodeValue(type)
        case let tag: throw WireError.invalidOptionalTag(offset: at, tag: tag)
        }
    }
}

/// Types with a binary form of their own; mirrors `BinarySpecialEncodable`.
protocol BinarySpecialDecodable {
    static func decodeBinary(from decoding: BinaryDecoding) throws -> Self
}

extension Date: BinarySpecialDecodable {
    static func decodeBinary(from d: BinaryDecoding) throws -> Date {
        Date(timeIntervalSinceReferenceDate: Double(bitPattern: try d.reader.readFixed64()))
    }
}

extension Data: BinarySpecialDecodable {
    static func decodeBinary(from d: BinaryDecoding) throws -> Data {
        let n = try d.reader.readLength(limit: d.limits.maxBlobBytes)
        return Data(try d.reader.readBytes(count: n))
    }
}

extension UUID: BinarySpecialDecodable {
    static func decodeBinary(from d: BinaryDecoding) throws -> UUID {
        let b = try d.reader.readBytes(count: 16)
        return UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]))
    }
}

extension Optional: BinarySpecialDecodable where Wrapped: Decodable {
    static func decodeBinary(from d: BinaryDecoding) throws -> Wrapped? { try d.decodeOptional(Wrapped.self) }
}

extension Array: BinarySpecialDecodable where Element: Decodable {
    static func decodeBinary(from d: BinaryDecoding) throws -> [Element] {
        let n = try d.readCount()
        var out: [Element] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try d.decodeValue(Element.self)) }
        return out
    }
}

extension ContiguousArray: BinarySpecialDecodable where Element: Decodable {
    static func decodeBinary(from d: BinaryDecoding) throws -> ContiguousArray<Element> {
        ContiguousArray(try [Element].decodeBinary(from: d))
    }
}

extension Set: BinarySpecialDecodable where Element: Decodable {
    static func decodeBinary(from d: BinaryDecoding) throws -> Set<Element> {
        let n = try d.readCount()
        var out = Set<Element>(minimumCapacity: n)
        for _ in 0..<n {
            let at = d.reader.offset
            guard out.insert(try d.decodeValue(Element.self)).inserted else {
                throw WireError.invalidValue(path: "", reason: "duplicate set element at byte \(at)")
            }
        }
        return out
    }
}

extension Dictionary: BinarySpecialDecodable where Key: Decodable, Value: Decodable {
    static func decodeBinary(from d: BinaryDecoding) throws -> [Key: Value] {
        let n = try d.readCount()
        var out = [Key: Value](minimumCapacity: n)
        for _ in 0..<n {
            let at = d.reader.offset
            let key = try d.decodeValue(Key.self)
            let value = try d.decodeValue(Value.self)
            guard out.updateValue(value, forKey: key) == nil else {
                throw WireError.invalidValue(path: "", reason: "duplicate dictionary key at byte \(at)")
            }
        }
        return out
    }
}
