/// Constants of the envelope format (see `proto/PROTOCOL.md`).
public enum WireProtocol {
    /// The two magic bytes every envelope starts with: ASCII "AA".
    public static let magic: (UInt8, UInt8) = (0x41, 0x41)
    /// Envelope format major version; a different major is rejected.
    public static let major: UInt8 = 1
    /// Envelope format minor version; newer minors are accepted.
    /// 1.1 appended `topicSequence` to the metadata.
    public static let minor: UInt8 = 1
    /// Fixed header: magic(2) major(1) minor(1) codec(1) flags(1) type(2) msgMajor(1) msgMinor(1).
    public static let headerSize = 10
    /// Largest metadata block accepted.
    public static let maxMetadataBytes = 4096
    /// Default largest envelope accepted (configurable per socket).
    public static let defaultMaxFrameBytes = 16 << 20
}

/// The body encoding of an envelope.
public enum WireCodec: UInt8, Sendable, Hashable, CaseIterable, Codable {
    /// The positional binary Codable format (default; the hot path).
    case binary = 0
    /// UTF-8 JSON with sorted keys (debugging, other languages).
    case json = 1
}

/// A message type's version: majors break compatibility, minors only append optional fields.
public struct MessageVersion: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    public var major: UInt8
    public var minor: UInt8

    public init(_ major: UInt8, _ minor: UInt8) {
        self.major = major
        self.minor = minor
    }

    public var description: String { "\(major).\(minor)" }

    public static func < (a: MessageVersion, b: MessageVersion) -> Bool {
        (a.major, a.minor) < (b.major, b.minor)
    }
}

/// The identity of a message type on the wire.
public struct MessageType: Sendable, Hashable, CustomStringConvertible {
    /// Stable numeric id; never reused for another type.
    public let id: UInt16
    /// Stable name, used in schemas and logs.
    public let name: String
    /// The version this build writes and reads.
    public let version: MessageVersion

    public init(id: UInt16, name: String, version: MessageVersion) {
        self.id = id
        self.name = name
        self.version = version
    }

    public var description: String { "\(name)#\(id) v\(version)" }
}

/// A payload that can travel in an envelope.
///
/// The binary body goes through the Codable coder by default; types that are
/// also ``BinaryRecord``s use their hand-written form instead (same bytes).
public protocol WireMessage: Codable, Sendable {
    /// The type's id, name and version.
    static var wireType: MessageType { get }
    /// Appends the binary body.
    func encodeBinaryBody(into writer: inout WireWriter) throws(WireError)
    /// Reads a binary body written by this build's version of the type.
    static func decodeBinaryBody(_ bytes: ArraySlice<UInt8>, limits: BinaryLimits) throws(WireError) -> Self
}

extension WireMessage {
    /// Reads a binary body held in an array.
    public static func decodeBinaryBody(_ bytes: [UInt8], limits: BinaryLimits) throws(WireError) -> Self {
        try decodeBinaryBody(bytes[...], limits: limits)
    }
}

extension WireMessage {
    public func encodeBinaryBody(into writer: inout WireWriter) throws(WireError) {
        try BinaryEncoder().encode(self, into: &writer)
    }

    public static func decodeBinaryBody(_ bytes: ArraySlice<UInt8>, limits: BinaryLimits) throws(WireError) -> Self {
        try BinaryDecoder(limits: limits).decode(Self.self, from: bytes)
    }
}

extension WireMessage where Self: BinaryRecord {
    public func encodeBinaryBody(into writer: inout WireWriter) throws(WireError) {
        writeBinary(to: &writer)
    }

    public static func decodeBinaryBody(_ bytes: ArraySlice<UInt8>, limits: BinaryLimits) throws(WireError) -> Self {
        do {
            return try bytes.withUnsafeBytes { raw in
                var reader = WireReader(raw)
                let value = try Self(readingBinary: &reader, limits: limits)
                guard reader.remaining == 0 else { throw WireError.trailingBytes(offset: reader.offset, count: reader.remaining) }
                return value
            }
        } catch {
            throw WireError.wrapping(error)
        }
    }
}
