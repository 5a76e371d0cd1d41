/// A growable byte buffer with the primitive writes of the binary codec.
///
/// Integers are LEB128 varints (signed ones zig-zag first), floats are IEEE
/// 754 little-endian, strings and byte blobs are a varint length then bytes.
public struct WireWriter: Sendable {
    /// The bytes written so far.
    public var bytes: [UInt8]

    /// An empty writer with room for `capacity` bytes.
    @inlinable
    public init(capacity: Int = 128) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    @inlinable
    public mutating func writeByte(_ b: UInt8) { bytes.append(b) }

    @inlinable
    public mutating func writeVarint(_ value: UInt64) {
        if value < 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value))
            return
        }
        writeVarintBytes(value)
    }

    @inlinable
    public mutating func writeVarint(_ value: UInt128) {
        if value <= UInt128(UInt64.max) {
            writeVarint(UInt64(truncatingIfNeeded: value))
            return
        }
        writeVarintBytes(value)
    }

    /// Assembles the (at most 19) LEB128 bytes on the stack and appends them
    /// at once: one capacity check instead of one per byte.
    @inlinable
    mutating func writeVarintBytes<T: FixedWidthInteger & UnsignedInteger>(_ value: T) {
        var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)
        let count = withUnsafeMutableBytes(of: &scratch) { out -> Int in
            var v = value, i = 0
            while v >= 0x80 {
                out[i] = UInt8(truncatingIfNeeded: v) | 0x80
                v >>= 7
                i += 1
            }
            out[i] = UInt8(truncatingIfNeeded: v)
            return i + 1
        }
        withUnsafeBytes(of: &scratch) { bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
    }

    @inlinable
    public mutating func writeZigZag(_ value: Int64) {
        writeVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    @inlinable
    public mutating func writeZigZag(_ value: Int128) {
        writeVarint(UInt128(bitPattern: (value << 1) ^ (value >> 127)))
    }

    @inlinable
    public mutating func writeFixed64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    @inlinable
    public mutating func writeFixed32(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    @inlinable
    public mutating func writeString(_ value: String) {
        var s = value
        s.withUTF8 { utf8 in
            writeVarint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    @inlinable
    public mutating func writeBlob(_ value: some Collection<UInt8>) {
        writeVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// Inserts `value` as a varint at `offset`, shifting later bytes.
    mutating func insertVarint(_ value: UInt64, at offset: Int) {
        var tmp = WireWriter(capacity: 10)
        tmp.writeVarint(value)
        bytes.insert(contentsOf: tmp.bytes, at: offset)
    }
}

/// A bounds-checked reader over bytes produced by ``WireWriter``.
///
/// Every read checks the remaining length first and throws
/// ``WireError`` instead of trapping; lengths are checked against both the
/// remaining input and the configured limits before anything is allocated.
public struct WireReader {
    @usableFromInline let base: UnsafeRawBufferPointer
    /// The read position.
    public var offset: Int
    /// The position where input ends.
    public let end: Int

    /// A reader over `buffer[range]`.
    @inlinable
    public init(_ buffer: UnsafeRawBufferPointer, offset: Int = 0, end: Int? = nil) {
        base = buffer
        self.offset = offset
        self.end = end ?? buffer.count
    }

    /// Bytes left to read.
    @inlinable
    public var remaining: Int { end - offset }

    @inlinable
    public mutating func readByte() throws(WireError) -> UInt8 {
        guard offset < end else { throw WireError.truncated(offset: offset, needed: 1) }
        let b = base[offset]
        offset += 1
        return b
    }

    @inlinable
    public mutating func readVarint() throws(WireError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < end else { throw WireError.truncated(offset: offset, needed: 1) }
            let b = base[offset]
            offset += 1
            if shift == 63 && b > 1 { throw WireError.malformedVarint(offset: offset - 1) }
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return result }
            shift += 7
            if shift > 63 { throw WireError.malformedVarint(offset: offset - 1) }
        }
    }

    @inlinable
    public mutating func readVarint128() throws(WireError) -> UInt128 {
        var result: UInt128 = 0
        var shift: UInt128 = 0
        while true {
            guard offset < end else { throw WireError.truncated(offset: offset, needed: 1) }
            let b = base[offset]
            offset += 1
            if shift == 126 && b > 3 { throw WireError.malformedVarint(offset: offset - 1) }
            result |= UInt128(b & 0x7F) << shift
            if b < 0x80 { return result }
            shift += 7
            if shift > 126 { throw WireError.malformedVarint(offset: offset - 1) }
        }
    }

    @inlinable
    public mutating func readZigZag() throws(WireError) -> Int64 {
        let u = try readVarint()
        return Int64(bitPattern: u >> 1) ^ -Int64(bitPattern: u & 1)
    }

    @inlinable
    public mutating func readZigZag128() throws(WireError) -> Int128 {
        let u = try readVarint128()
        return Int128(bitPattern: u >> 1) ^ -Int128(bitPattern: u & 1)
    }

    @inlinable
    public mutating func readFixed64() throws(WireError) -> UInt64 {
        guard remaining >= 8 else { throw WireError.truncated(offset: offset, needed: 8 - remaining) }
        let v = base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        offset += 8
        return UInt64(littleEndian: v)
    }

    @inlinable
    public mutating func readFixed32() throws(WireError) -> UInt32 {
        guard remaining >= 4 else { throw WireError.truncated(offset: offset, needed: 4 - remaining) }
        let v = base.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
        offset += 4
        return UInt32(littleEndian: v)
    }

    /// Reads a varint length and checks it against the input left and `limit`.
    @inlinable
    public mutating func readLength(limit: Int) throws(WireError) -> Int {
        let at = offset
        let n = try readVarint()
        guard n <= UInt64(limit) else { throw WireError.lengthExceedsLimit(offset: at, length: n, limit: limit) }
        guard n <= UInt64(remaining) else { throw WireError.truncated(offset: offset, needed: Int(n) - remaining) }
        return Int(n)
    }

    @inlinable
    public mutating func readString(limit: Int) throws(WireError) -> String {
        let n = try readLength(limit: limit)
        let at = offset
        let bytes = UnsafeRawBufferPointer(rebasing: base[offset..<(offset + n)]).bindMemory(to: UInt8.self)
        offset += n
        // ASCII (the common case: symbols, ids, enum values) is valid UTF-8 as is.
        if !bytes.contains(where: { $0 >= 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        guard let s = String(validating: bytes, as: UTF8.self) else { throw WireError.invalidUTF8(offset: at) }
        return s
    }

    @inlinable
    public mutating func readBytes(count n: Int) throws(WireError) -> [UInt8] {
        guard n >= 0, n <= remaining else { throw WireError.truncated(offset: offset, needed: max(n - remaining, 1)) }
        let out = [UInt8](UnsafeRawBufferPointer(rebasing: base[offset..<(offset + n)]))
        offset += n
        return out
    }
}
