import ArenaCore
import Synchronization

/// How the binary codec handles a type, found once per type and cached.
///
/// Asking the runtime "does `T` conform to protocol P?" or comparing `T.self`
/// against sixteen primitives costs far more than the field it is about, and
/// the codec asks for every nested field. The answer never changes for a
/// type, so it is cached in a lock-free table keyed by the metatype pointer.
struct BinaryTypeKind: Sendable, Equatable {
    /// Bits 0–4: a ``Primitive`` tag, or 0 for none.
    /// Bit 5: has its own binary encoding. Bit 6: has its own binary decoding.
    let rawValue: UInt

    /// Types the codec reads and writes directly.
    enum Primitive: UInt {
        case none = 0
        case fixedDecimal, timestamp, string, int64, int, bool, double, uint64
        case int32, uint32, uint8, int8, int16, uint16, uint, float
    }

    var primitive: Primitive { Primitive(rawValue: rawValue & 0x1F) ?? .none }
    var isSpecialEncodable: Bool { rawValue & 0x20 != 0 }
    var isSpecialDecodable: Bool { rawValue & 0x40 != 0 }

    /// The kind of `type`, classified on first use.
    @inline(__always)
    static func of(_ type: Any.Type) -> BinaryTypeKind {
        // One word per slot: bit 63 valid, bits 48–62 the kind, bits 0–47 the
        // metatype address, so a reader can never see one type's key with
        // another's kind. Addresses above 48 bits are classified uncached.
        let address = UInt(bitPattern: unsafeBitCast(type, to: Int.self))
        guard address & ~addressMask == 0 else { return classify(type) }
        let slot = Int((address >> 4) & UInt(tableSize - 1))
        let entry = kindTable[slot].load(ordering: .relaxed)
        if entry & validBit != 0, entry & addressMask == address {
            return BinaryTypeKind(rawValue: (entry & ~validBit) >> 48)
        }
        let kind = classify(type)
        kindTable[slot].store(validBit | (kind.rawValue << 48) | address, ordering: .relaxed)
        return kind
    }

    private static let tableSize = 512
    private static let validBit: UInt = 1 << 63
    private static let addressMask: UInt = (1 << 48) - 1

    private static func classify(_ type: Any.Type) -> BinaryTypeKind {
        var bits = primitiveTag(type).rawValue
        if type is any BinarySpecialEncodable.Type { bits |= 0x20 }
        if type is any BinarySpecialDecodable.Type { bits |= 0x40 }
        return BinaryTypeKind(rawValue: bits)
    }

    private static func primitiveTag(_ t: Any.Type) -> Primitive {
        switch ObjectIdentifier(t) {
        case ObjectIdentifier(FixedDecimal.self): .fixedDecimal
        case ObjectIdentifier(Timestamp.self): .timestamp
        case ObjectIdentifier(String.self): .string
        case ObjectIdentifier(Int64.self): .int64
        case ObjectIdentifier(Int.self): .int
        case ObjectIdentifier(Bool.self): .bool
        case ObjectIdentifier(Double.self): .double
        case ObjectIdentifier(UInt64.self): .uint64
        case ObjectIdentifier(Int32.self): .int32
        case ObjectIdentifier(UInt32.self): .uint32
        case ObjectIdentifier(UInt8.self): .uint8
        case ObjectIdentifier(Int8.self): .int8
        case ObjectIdentifier(Int16.self): .int16
        case ObjectIdentifier(UInt16.self): .uint16
        case ObjectIdentifier(UInt.self): .uint
        case ObjectIdentifier(Float.self): .float
        default: .none
        }
    }
}

private let kindTable = InlineArray<512, Atomic<UInt>> { _ in Atomic(0) }

/// Writes `value` if its kind is a primitive; returns false otherwise.
@inline(__always)
func writePrimitive<T>(_ value: T, _ tag: BinaryTypeKind.Primitive, to w: inout WireWriter) -> Bool {
    switch tag {
    case .none: return false
    case .fixedDecimal: w.writeZigZag(unsafeBitCast(value, to: FixedDecimal.self).raw)
    case .timestamp: w.writeZigZag(unsafeBitCast(value, to: Timestamp.self).nanoseconds)
    case .string: w.writeString(unsafeBitCast(value, to: String.self))
    case .int64: w.writeZigZag(unsafeBitCast(value, to: Int64.self))
    case .int: w.writeZigZag(Int64(unsafeBitCast(value, to: Int.self)))
    case .bool: unsafeBitCast(value, to: Bool.self).write(to: &w)
    case .double: unsafeBitCast(value, to: Double.self).write(to: &w)
    case .uint64: w.writeVarint(unsafeBitCast(value, to: UInt64.self))
    case .int32: unsafeBitCast(value, to: Int32.self).write(to: &w)
    case .uint32: unsafeBitCast(value, to: UInt32.self).write(to: &w)
    case .uint8: w.writeByte(unsafeBitCast(value, to: UInt8.self))
    case .int8: unsafeBitCast(value, to: Int8.self).write(to: &w)
    case .int16: unsafeBitCast(value, to: Int16.self).write(to: &w)
    case .uint16: unsafeBitCast(value, to: UInt16.self).write(to: &w)
    case .uint: unsafeBitCast(value, to: UInt.self).write(to: &w)
    case .float: unsafeBitCast(value, to: Float.self).write(to: &w)
    }
    return true
}

/// Reads a `T` whose kind is the primitive `tag` (never `.none`).
@inline(__always)
func readPrimitive<T>(_ type: T.Type, _ tag: BinaryTypeKind.Primitive, from r: inout WireReader, limits: BinaryLimits) throws(WireError) -> T {
    switch tag {
    case .none: preconditionFailure("readPrimitive called for a non-primitive type")
    case .fixedDecimal: unsafeBitCast(FixedDecimal(raw: try r.readZigZag128()), to: T.self)
    case .timestamp: unsafeBitCast(Timestamp(nanoseconds: try r.readZigZag()), to: T.self)
    case .string: unsafeBitCast(try r.readString(limit: limits.maxStringBytes), to: T.self)
    case .int64: unsafeBitCast(try r.readZigZag(), to: T.self)
    case .int: unsafeBitCast(try Int.read(from: &r, limits: limits), to: T.self)
    case .bool: unsafeBitCast(try Bool.read(from: &r, limits: limits), to: T.self)
    case .double: unsafeBitCast(try Double.read(from: &r, limits: limits), to: T.self)
    case .uint64: unsafeBitCast(try r.readVarint(), to: T.self)
    case .int32: unsafeBitCast(try Int32.read(from: &r, limits: limits), to: T.self)
    case .uint32: unsafeBitCast(try UInt32.read(from: &r, limits: limits), to: T.self)
    case .uint8: unsafeBitCast(try r.readByte(), to: T.self)
    case .int8: unsafeBitCast(try Int8.read(from: &r, limits: limits), to: T.self)
    case .int16: unsafeBitCast(try Int16.read(from: &r, limits: limits), to: T.self)
    case .uint16: unsafeBitCast(try UInt16.read(from: &r, limits: limits), to: T.self)
    case .uint: unsafeBitCast(try UInt.read(from: &r, limits: limits), to: T.self)
    case .float: unsafeBitCast(try Float.read(from: &r, limits: limits), to: T.self)
    }
}
