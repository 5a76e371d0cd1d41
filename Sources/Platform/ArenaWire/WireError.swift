/// Everything that can be wrong with bytes received from the wire.
///
/// Decoding never traps: truncated, oversized, corrupted or hostile input is
/// reported as one of these, with the byte offset where it was found.
public enum WireError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Input ended `needed` bytes too early at `offset`.
    case truncated(offset: Int, needed: Int)
    /// A varint longer than its type allows.
    case malformedVarint(offset: Int)
    /// A length or count above the decoder's limit.
    case lengthExceedsLimit(offset: Int, length: UInt64, limit: Int)
    /// A string whose bytes are not UTF-8.
    case invalidUTF8(offset: Int)
    /// Bytes left over after the value was decoded.
    case trailingBytes(offset: Int, count: Int)
    /// Nesting deeper than the decoder's limit.
    case nestingTooDeep(limit: Int)
    /// A value that decoded but is not valid for its type (enum raw value, decimal, id…).
    case invalidValue(path: String, reason: String)
    /// An optional's presence tag that is neither 0 nor 1.
    case invalidOptionalTag(offset: Int, tag: UInt8)
    /// A Codable feature the positional codec cannot represent.
    case unsupported(String)
    /// The envelope does not start with the magic bytes.
    case badMagic(UInt8, UInt8)
    /// A protocol major version this receiver does not speak.
    case unsupportedProtocolVersion(major: UInt8, minor: UInt8)
    /// A codec id this receiver does not know.
    case unknownCodec(UInt8)
    /// A message type id that is not in the registry.
    case unknownMessageType(UInt16)
    /// The message type is known but is not the one the caller asked for.
    case unexpectedMessageType(expected: UInt16, actual: UInt16)
    /// A message major version other than the receiver's (newer or retired).
    case unsupportedMessageVersion(type: String, received: String, supported: String)
    /// The frame exceeds the configured maximum size.
    case frameTooLarge(size: Int, limit: Int)
    /// JSON that does not decode into the message type.
    case jsonDecoding(String)
    /// A value that could not be encoded.
    case encoding(String)

    public var description: String {
        switch self {
        case let .truncated(offset, needed): "input truncated at byte \(offset): \(needed) more byte(s) needed"
        case let .malformedVarint(offset): "malformed varint at byte \(offset)"
        case let .lengthExceedsLimit(offset, length, limit): "length \(length) at byte \(offset) exceeds the limit \(limit)"
        case let .invalidUTF8(offset): "string at byte \(offset) is not valid UTF-8"
        case let .trailingBytes(offset, count): "\(count) unexpected trailing byte(s) at byte \(offset)"
        case let .nestingTooDeep(limit): "nesting deeper than \(limit) levels"
        case let .invalidValue(path, reason): "invalid value at \(path.isEmpty ? "<root>" : path): \(reason)"
        case let .invalidOptionalTag(offset, tag): "optional tag \(tag) at byte \(offset) is neither 0 nor 1"
        case let .unsupported(what): "unsupported by the positional codec: \(what)"
        case let .badMagic(a, b): "bad magic bytes 0x\(String(a, radix: 16)) 0x\(String(b, radix: 16)); not an Alpha Arena envelope"
        case let .unsupportedProtocolVersion(major, minor): "protocol version \(major).\(minor) is not supported (this build speaks \(WireProtocol.major).x)"
        case let .unknownCodec(c): "unknown codec id \(c)"
        case let .unknownMessageType(t): "unknown message type id \(t)"
        case let .unexpectedMessageType(expected, actual): "expected message type \(expected), got \(actual)"
        case let .unsupportedMessageVersion(type, received, supported): "\(type) version \(received) is not supported (this build reads \(supported))"
        case let .frameTooLarge(size, limit): "frame of \(size) bytes exceeds the limit of \(limit)"
        case let .jsonDecoding(why): "JSON decoding failed: \(why)"
        case let .encoding(why): "encoding failed: \(why)"
        }
    }
}
