import ArenaCore
import Foundation

/// A typed message body, however it is held: an ``Envelope`` (encoded), or
/// a message a transport delivered (ArenaBus's `BusMessage`, which may hold
/// the value itself). What decodes market messages and requests takes this.
public protocol WireDecodable {
    /// The message type id of the body.
    var typeID: UInt16 { get }
    /// The body as `M`; ``WireError/unexpectedMessageType(expected:actual:)`` for another type.
    func decode<M: WireMessage>(_ type: M.Type) throws(WireError) -> M
}

extension Envelope: WireDecodable {}

/// One message on the wire: fixed header, metadata block and body.
///
/// ```
/// "AA" | major | minor | codec | flags | type id (u16 BE) | msg major | msg minor
///      | metadata length (u32 BE) | metadata | body length (u32 BE) | body
/// ```
/// The metadata and the body use the envelope's codec.
public struct Envelope: Sendable {
    /// Body (and metadata) codec.
    public var codec: WireCodec
    /// Header flag bits; none are defined in 1.0 and receivers ignore unknown ones.
    public var flags: UInt8
    /// The body's message type id.
    public var typeID: UInt16
    /// The body's message version as sent.
    public var version: MessageVersion
    public var metadata: EnvelopeMetadata
    /// The encoded body; for a parsed frame, a view into the frame (no copy).
    public var body: ArraySlice<UInt8>

    public init(codec: WireCodec, flags: UInt8 = 0, typeID: UInt16, version: MessageVersion, metadata: EnvelopeMetadata, body: [UInt8]) {
        self.init(codec: codec, flags: flags, typeID: typeID, version: version, metadata: metadata, body: body[...])
    }

    public init(codec: WireCodec, flags: UInt8 = 0, typeID: UInt16, version: MessageVersion, metadata: EnvelopeMetadata, body: ArraySlice<UInt8>) {
        self.codec = codec
        self.flags = flags
        self.typeID = typeID
        self.version = version
        self.metadata = metadata
        self.body = body
    }

    /// Encodes `message` and wraps it.
    public init<M: WireMessage>(_ message: M, metadata: EnvelopeMetadata, codec: WireCodec = .binary) throws(WireError) {
        self.init(
            codec: codec, typeID: M.wireType.id, version: M.wireType.version, metadata: metadata,
            body: try WireCodecs.encodeBody(message, codec: codec)
        )
    }

    /// The envelope as one frame.
    public func serialized() throws(WireError) -> [UInt8] {
        var w = WireWriter(capacity: WireProtocol.headerSize + 64 + body.count)
        try Self.writeFrame(codec: codec, flags: flags, typeID: typeID, version: version, metadata: metadata, into: &w) { w throws(WireError) in
            w.bytes.append(contentsOf: body)
        }
        return w.bytes
    }

    /// Encodes `message` straight into a frame, without an intermediate body
    /// buffer: what publishers call for every message.
    public static func frame<M: WireMessage>(_ message: M, metadata: EnvelopeMetadata, codec: WireCodec = .binary) throws(WireError) -> [UInt8] {
        var w = WireWriter(capacity: 160)
        try writeFrame(message, metadata: metadata, codec: codec, into: &w)
        return w.bytes
    }

    /// Appends the frame of `message` to `writer`; a sender that reuses one
    /// writer (clearing it between messages) allocates nothing per message.
    public static func writeFrame<M: WireMessage>(
        _ message: M, metadata: EnvelopeMetadata, codec: WireCodec = .binary, into w: inout WireWriter
    ) throws(WireError) {
        try writeFrame(codec: codec, flags: 0, typeID: M.wireType.id, version: M.wireType.version, metadata: metadata, into: &w) { w throws(WireError) in
            switch codec {
            case .binary: try message.encodeBinaryBody(into: &w)
            case .json: w.bytes.append(contentsOf: try WireCodecs.encode(message, codec: .json))
            }
        }
    }

    private static func writeFrame(
        codec: WireCodec, flags: UInt8, typeID: UInt16, version: MessageVersion, metadata: EnvelopeMetadata,
        into w: inout WireWriter, body: (inout WireWriter) throws(WireError) -> Void
    ) throws(WireError) {
        w.writeByte(WireProtocol.magic.0)
        w.writeByte(WireProtocol.magic.1)
        w.writeByte(WireProtocol.major)
        w.writeByte(WireProtocol.minor)
        w.writeByte(codec.rawValue)
        w.writeByte(flags)
        w.writeByte(UInt8(typeID >> 8))
        w.writeByte(UInt8(typeID & 0xFF))
        w.writeByte(version.major)
        w.writeByte(version.minor)
        let metadataStart = w.bytes.count + 4
        try writeLengthPrefixed(&w) { w throws(WireError) in
            switch codec {
            case .binary: metadata.writeBinary(to: &w)
            case .json: w.bytes.append(contentsOf: try WireCodecs.encode(metadata, codec: .json))
            }
        }
        // Refuse here what every receiver would refuse (a long source or trace).
        let metadataSize = w.bytes.count - metadataStart
        guard metadataSize <= WireProtocol.maxMetadataBytes else {
            throw WireError.encoding("metadata of \(metadataSize) bytes exceeds the limit of \(WireProtocol.maxMetadataBytes)")
        }
        try writeLengthPrefixed(&w, body)
    }

    /// Writes a u32 big-endian length, then what `content` writes, patching the length in after.
    private static func writeLengthPrefixed(_ w: inout WireWriter, _ content: (inout WireWriter) throws(WireError) -> Void) throws(WireError) {
        let at = w.bytes.count
        w.bytes.append(contentsOf: [0, 0, 0, 0] as [UInt8])
        try content(&w)
        let n = w.bytes.count - at - 4
        guard n <= Int(UInt32.max) else { throw WireError.encoding("section of \(n) bytes exceeds 4 GiB") }
        w.bytes[at] = UInt8(truncatingIfNeeded: n >> 24)
        w.bytes[at + 1] = UInt8(truncatingIfNeeded: n >> 16)
        w.bytes[at + 2] = UInt8(truncatingIfNeeded: n >> 8)
        w.bytes[at + 3] = UInt8(truncatingIfNeeded: n)
    }

    /// Parses a frame. Checks magic, protocol version, codec, every length and
    /// that nothing follows the body; the body itself is decoded later by type.
    public init(parsing frame: some ContiguousBytes, maxFrameBytes: Int = WireProtocol.defaultMaxFrameBytes) throws(WireError) {
        try self.init(parsing: frame.withUnsafeBytes { [UInt8]($0) }, maxFrameBytes: maxFrameBytes)
    }

    /// Parses a frame received as an array; the body stays a slice of it.
    public init(parsing frame: [UInt8], maxFrameBytes: Int = WireProtocol.defaultMaxFrameBytes) throws(WireError) {
        let result: Result<(Envelope, Range<Int>), WireError> = frame.withUnsafeBytes { raw in
            Result { () throws(WireError) -> (Envelope, Range<Int>) in try Envelope.parse(raw, maxFrameBytes: maxFrameBytes) }
        }
        let (header, bodyRange) = try result.get()
        self = header
        body = frame[bodyRange]
    }

    /// The envelope with an empty body, and where the body lies in `raw`.
    private static func parse(_ raw: UnsafeRawBufferPointer, maxFrameBytes: Int) throws(WireError) -> (Envelope, Range<Int>) {
        guard raw.count <= maxFrameBytes else { throw WireError.frameTooLarge(size: raw.count, limit: maxFrameBytes) }
        var r = WireReader(raw)
        guard raw.count >= WireProtocol.headerSize else {
            throw WireError.truncated(offset: raw.count, needed: WireProtocol.headerSize - raw.count)
        }
        let m0 = try r.readByte(), m1 = try r.readByte()
        guard (m0, m1) == WireProtocol.magic else { throw WireError.badMagic(m0, m1) }
        let major = try r.readByte(), minor = try r.readByte()
        guard major == WireProtocol.major else { throw WireError.unsupportedProtocolVersion(major: major, minor: minor) }
        let codecByte = try r.readByte()
        guard let codec = WireCodec(rawValue: codecByte) else { throw WireError.unknownCodec(codecByte) }
        let flags = try r.readByte()
        let typeID = UInt16(try r.readByte()) << 8 | UInt16(try r.readByte())
        let version = MessageVersion(try r.readByte(), try r.readByte())
        let metaLength = try readLength(&r, limit: WireProtocol.maxMetadataBytes)
        let metaStart = r.offset
        r.offset += metaLength
        let metadata: EnvelopeMetadata
        switch codec {
        case .binary:
            var mr = WireReader(raw, offset: metaStart, end: metaStart + metaLength)
            metadata = try EnvelopeMetadata(readingBinary: &mr, limits: .default, protocolMinor: minor)
            // A newer protocol minor may append metadata fields; this build skips them.
            guard mr.remaining == 0 || minor > WireProtocol.minor else {
                throw WireError.trailingBytes(offset: mr.offset, count: mr.remaining)
            }
        case .json:
            metadata = try WireCodecs.decode(
                EnvelopeMetadata.self, from: UnsafeRawBufferPointer(rebasing: raw[metaStart..<(metaStart + metaLength)]), codec: .json
            )
        }
        let bodyLength = try readLength(&r, limit: maxFrameBytes)
        let bodyStart = r.offset
        r.offset += bodyLength
        guard r.remaining == 0 else { throw WireError.trailingBytes(offset: r.offset, count: r.remaining) }
        let envelope = Envelope(codec: codec, flags: flags, typeID: typeID, version: version, metadata: metadata, body: [])
        return (envelope, bodyStart..<(bodyStart + bodyLength))
    }

    private static func readLength(_ r: inout WireReader, limit: Int) throws(WireError) -> Int {
        let at = r.offset
        let n = Int(try r.readFixed32BigEndian())
        guard n <= limit else { throw WireError.lengthExceedsLimit(offset: at, length: UInt64(n), limit: limit) }
        guard n <= r.remaining else { throw WireError.truncated(offset: r.offset, needed: n - r.remaining) }
        return n
    }

    /// Decodes the body as `M`, applying the versioning rules: the same major
    /// is required; an older minor may lack trailing optional fields; a newer
    /// minor may carry trailing fields, which are ignored.
    public func decode<M: WireMessage>(_ type: M.Type) throws(WireError) -> M {
        try decode(type, limits: .default)
    }

    /// ``decode(_:)`` with explicit decoding limits.
    public func decode<M: WireMessage>(_ type: M.Type, limits: BinaryLimits) throws(WireError) -> M {
        let expected = M.wireType
        guard typeID == expected.id else { throw WireError.unexpectedMessageType(expected: expected.id, actual: typeID) }
        guard version.major == expected.version.major else {
            throw WireError.unsupportedMessageVersion(
                type: expected.name, received: version.description, supported: "\(expected.version.major).x"
            )
        }
        if codec == .binary && version == expected.version {
            return try M.decodeBinaryBody(body, limits: limits)
        }
        let decoder = BinaryDecoder(
            limits: limits,
            missingTrailingOptionalsAreNil: version.minor < expected.version.minor,
            ignoresTrailingBytes: version.minor > expected.version.minor
        )
        return try WireCodecs.decode(type, from: body, codec: codec, binaryDecoder: decoder)
    }
}

extension WireReader {
    @inlinable
    mutating func readFixed32BigEndian() throws(WireError) -> UInt32 {
        guard remaining >= 4 else { throw WireError.truncated(offset: offset, needed: 4 - remaining) }
        let v = base.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
        offset += 4
        return UInt32(bigEndian: v)
    }
}
