import ArenaCore

/// A type the binary codec writes directly, without going through `Codable`.
///
/// Every `encode`/`decode` overload of the containers funnels into this, so
/// the format of each primitive is defined exactly once.
@usableFromInline
protocol BinaryPrimitive {
    func write(to writer: inout WireWriter)
    static func read(from reader: inout WireReader, limits: BinaryLimits) throws(WireError) -> Self
}

extension Bool: BinaryPrimitive {
    @usableFromInline func write(to w: inout WireWriter) { w.writeByte(self ? 1 : 0) }
    @usableFromInline static func read(from r: inout WireReader, limits: BinaryLimits) throws(WireError) -> Bool {
        let at = r.offset
        switch try r.readByte() {
        case 0: return false
        case 1: return true
        case let b: throw WireError.invalidValue(path: "", reason: "boolean byte \(b) at \(at) is neither 0 nor 1")
        }
    }
}

extension String: BinaryPrimitive {
    @usableFromInline func write(to w: inout WireWriter) { w.writeString(self) }
    @usableFromInline static func read(from r: inout WireReader, limits: BinaryLimits) throws(WireError) -> String {
        try r.readString(limit: limits.maxStringBytes)
    }
}

extension Double: BinaryPrimitive {
    @usableFromInline func write(to w: inout WireWriter) { w.writeFixed64(bitPattern) }
    @usableFromInline static func read(from r: inout WireReader, limits: BinaryLimits) throws(WireError) -> Double {
        Double(bitPattern: try r.readFixed64())
    }
}

extension Float: BinaryPrimitive {
    @usableFromInline func write(to w: inout WireWriter) { w.writeFixed32(bitPattern) }
    @usableFromInline static func read(from r: inout WireReader, limits: BinaryLimits) throws(WireError) -> Float {
        Float(bitPattern: try r.readFixed32())
    }
}

extension Int8: BinaryPrimitive {
    @usableFromInline func write(to w: inout WireWriter) { w.writeByte(UInt8(bitPattern: self)) }
    @usableFromInline static func read(from r: inout WireReader, limits: BinaryLimits) throws(WireError) -> Int8 {
        Int8(bitPattern: try r.readByte())
    }
}

extension UInt8: BinaryPrimitive {
    @usableFromInline func write(to w: inout WireWriter) { w.writeByte(self) }
    @usableFromInline static func read(from r: inout WireReader, limits: BinaryLimits) throws(WireError) -> UInt8 {
        try r.readByte()
    }
}

/// Signed integers wider than a byte: zig-zag varints, range-checked on read.
@usableFromInline
protocol ZigZagInteger: BinaryPrimitive, FixedWidthInteger, SignedInteger {}

extension ZigZagInteger {
    @usableFromInline func write(to w: inout WireWriter) { w.writeZigZag(Int64(self)) }
    @usableFromInline static func read(from r: inout WireReader, limits: BinaryLimits) throws(WireError) -> Self {
        let at = r.offset
        let v = try r.readZigZag()
        guard let x = Self(exactly: v) else {
            throw WireError.invalidValue(path: "", reason: "\(v) at byte \(at) does not fit in \(Self.self)")
        }
        return x
    }
}

/// Unsigned integers wider than a byte: varints, range-checked on read.
@usableFromInline
protocol VarintInteger: BinaryPrimitive, FixedWidthInteger, UnsignedInteger {}

extension VarintInteger {
    @usableFromInline func write(to w: inout WireWriter) { w.writeVarint(UInt64(self)) }
    @usableFromInline static func read(from r: inout WireReader, limits: BinaryLimits) throws(WireError) -> Self {
        let at = r.offset
        let v = try r.readVarint()
        guard let x = Self(exactly: v) else {
            throw WireError.invalidValue(path: "", reason: "\(v) at byte \(at) does not fit in \(Self.self)")
        }
        return x
    }
}

extension Int: ZigZagInteger {}
extension Int16: ZigZagInteger {}
extension Int32: ZigZagInteger {}
extension Int64: ZigZagInteger {}
extension UInt: VarintInteger {}
extension UInt16: VarintInteger {}
extension UInt32: VarintInteger {}
extension UInt64: VarintInteger {}

/// Bounds the decoder enforces on untrusted input.
public struct BinaryLimits: Sendable, Hashable {
    /// Longest string, in UTF-8 bytes.
    public var maxStringBytes: Int
    /// Largest `Data` blob.
    public var maxBlobBytes: Int
    /// Most elements in one array, set or dictionary.
    public var maxCollectionCount: Int
    /// Deepest nesting of containers.
    public var maxDepth: Int

    /// Limits for bus messages: generous for real payloads, far below memory exhaustion.
    public static let `default` = BinaryLimits(
        maxStringBytes: 1 << 20, maxBlobBytes: 16 << 20, maxCollectionCount: 1 << 20, maxDepth: 64
    )

    public init(maxStringBytes: Int, maxBlobBytes: Int, maxCollectionCount: Int, maxDepth: Int) {
        self.maxStringBytes = maxStringBytes
        self.maxBlobBytes = maxBlobBytes
        self.maxCollectionCount = maxCollectionCount
        self.maxDepth = maxDepth
    }
}
