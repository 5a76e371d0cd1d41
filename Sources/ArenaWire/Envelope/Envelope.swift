import ArenaCore
import Foundation

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
    /// The encoded body.
    public var body: [UInt8]

    public init(codec: WireCodec, flags: UInt8 = 0, typeID: UInt16, version: MessageVersion, metadata: EnvelopeMetadata, body: [UInt8]) {
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
            body: try WireCodecs.encode(message, codec: codec)
        )
    }

    /// The envelope as one frame.
    public func serialized() throws(WireError) -> [UInt8] {
        let meta = try WireCodecs.encode(metadata, codec: codec)
        var out = [UInt8]()
        out.reserveCapacity(WireProtocol.headerSize + 8 + meta.count + body.count)
        out.append(WireProtocol.magic.0)
        out.append(WireProtocol.magic.1)
        out.append(WireProtocol.major)
        out.append(WireProtocol.minor)
        out.append(codec.rawValue)
        out.append(flags)
        out.append(UInt8(typeID >> 8))
        out.append(UInt8(typeID & 0xFF))
        out.append(version.major)
        out.append(version.minor)
        Self.appendLength(meta.count, to: &out)
        out.append(contentsOf: meta)
        Self.appendLength(body.count, to: &out)
        out.append(contentsOf: body)
        return out
    }

    private static func appendLength(_ n: Int, to out: inout [UInt8]) {
        let v = UInt32(n)
        out.append(UInt8(v >> 24))
        out.append(UInt8((v >> 16) & 0xFF))
        out.append(UInt8((v >> 8) & 0xFF))
        out.append(UInt8(v & 0xFF))
    }

    /// Parses a frame. Checks magic, protocol version, codec, every length and
    /// that nothing follows the body; the body itself is decoded later by type.
    public init(parsing frame: some ContiguousBytes, maxFrameBytes: Int = WireProtocol.defaultMaxFrameBytes) throws(WireError) {
        let result: Result<Envelope, WireError> = frame.withUnsafeBytes { raw in
            Result { () throws(WireError) -> Envelope in try Envelope.parse(raw, maxFrameBytes: maxFrameBytes) }
        }
        self = try result.get()
    }

    private static func parse(_ raw: UnsafeRawBufferPointer, maxFrameBytes: Int) throws(WireError) -> Envelope {
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
        let metadata = try WireCodecs.decode(
            EnvelopeMetadata.self, from: UnsafeRawBufferPointer(rebasing: raw[metaStart..<(metaStart + metaLength)]), codec: codec
        )
        let bodyLength = try readLength(&r, limit: maxFrameBytes)
        let body = try r.readBytes(count: bodyLength)
        guard r.remaining == 0 else { throw WireError.trailingBytes(offset: r.offset, count: r.remaining) }
        return Envelope(codec: codec, flags: flags, typeID: typeID, version: version, metadata: metadata, body: body)
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
    public func decode<M: WireMessage>(_ type: M.Type, limits: BinaryLimits = .default) throws(WireError) -> M {
        let expected = M.wireType
        guard typeID == expected.id else { throw WireError.unexpectedMessageType(expected: expected.id, actual: typeID) }
        guard version.major == expected.version.major else {
            throw WireError.unsupportedMessageVersion(
                type: expected.name, received: version.description, supported: "\(expected.version.major).x"
            )
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
