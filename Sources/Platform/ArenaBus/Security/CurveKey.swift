import CZeroMQ

/// Why a CURVE key or key file is unusable.
public enum CurveKeyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Key text that is not 40 characters of Z85.
    case invalidKeyText(String)
    /// libzmq has no CURVE support.
    case curveUnavailable
    /// A key file that cannot be read or written.
    case fileAccess(path: String, reason: String)
    /// A key file line that does not follow the format.
    case malformedFile(path: String, line: Int, reason: String)
    /// A file holding a secret key is readable by group or others.
    case insecurePermissions(path: String, mode: UInt16)
    /// The file's public key does not belong to its secret key.
    case mismatchedPair(path: String)
    /// A required key is absent from the file.
    case missingKey(path: String, field: String)

    /// A one-line explanation that never includes key material.
    public var description: String {
        switch self {
        case let .invalidKeyText(why): "invalid CURVE key: \(why)"
        case .curveUnavailable: "this libzmq has no CURVE support"
        case let .fileAccess(path, reason): "key file \(path): \(reason)"
        case let .malformedFile(path, line, reason): "key file \(path) line \(line): \(reason)"
        case let .insecurePermissions(path, mode):
            "key file \(path) holds a secret key but has mode \(String(mode, radix: 8)); run chmod 600"
        case let .mismatchedPair(path): "key file \(path): the public key does not match the secret key"
        case let .missingKey(path, field): "key file \(path) has no \(field) line"
        }
    }
}

/// Z85 text (ZeroMQ RFC 32) of 32-byte CURVE keys.
enum Z85 {
    static let keyBytes = 32
    static let keyTextLength = 40

    static func encode(_ bytes: [UInt8]) -> String {
        var text = [CChar](repeating: 0, count: bytes.count * 5 / 4 + 1)
        _ = bytes.withUnsafeBufferPointer { zmq_z85_encode(&text, $0.baseAddress, $0.count) }
        return string(text)
    }

    /// The text of a NUL-terminated C buffer filled by libzmq.
    static func string(_ cString: [CChar]) -> String {
        String(decoding: cString.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func decodeKey(_ text: String) throws(CurveKeyError) -> [UInt8] {
        guard text.utf8.count == keyTextLength else {
            throw .invalidKeyText("expected \(keyTextLength) Z85 characters, got \(text.utf8.count)")
        }
        // Z85 is printable ASCII; checking here also keeps an embedded NUL
        // from shortening the C string libzmq decodes.
        guard text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { throw .invalidKeyText("not valid Z85") }
        var bytes = [UInt8](repeating: 0, count: keyBytes)
        let ok = bytes.withUnsafeMutableBufferPointer { zmq_z85_decode($0.baseAddress, text) != nil }
        guard ok else { throw .invalidKeyText("not valid Z85") }
        return bytes
    }

    static func checkLength(_ bytes: [UInt8]) throws(CurveKeyError) {
        guard bytes.count == keyBytes else {
            throw .invalidKeyText("expected \(keyBytes) bytes, got \(bytes.count)")
        }
    }
}

/// What public and secret CURVE keys share: 32 bytes, written as 40 characters of Z85.
public protocol CurveKey: Sendable, Hashable {
    /// The raw key.
    var bytes: [UInt8] { get }
    /// Wraps bytes already checked to be 32 long.
    init(checked bytes: [UInt8])
}

extension CurveKey {
    /// A key from its 32 raw bytes.
    public init(bytes: [UInt8]) throws(CurveKeyError) {
        try Z85.checkLength(bytes)
        self.init(checked: bytes)
    }

    /// A key from its Z85 text.
    public init(z85: String) throws(CurveKeyError) {
        self.init(checked: try Z85.decodeKey(z85))
    }

    /// The Z85 text (for a secret key: only to write a key file).
    public var z85: String { Z85.encode(bytes) }
}

/// A CURVE public key.
public struct CurvePublicKey: CurveKey, CustomStringConvertible {
    public let bytes: [UInt8]
    public init(checked bytes: [UInt8]) { self.bytes = bytes }

    /// The Z85 text (public keys are safe to log).
    public var description: String { z85 }
}

/// A CURVE secret key. Its description is redacted, so it cannot leak into
/// logs through string interpolation; ``CurveKey/z85`` gives the text deliberately.
public struct CurveSecretKey: CurveKey, CustomStringConvertible {
    public let bytes: [UInt8]
    public init(checked bytes: [UInt8]) { self.bytes = bytes }

    /// Always `"<redacted>"`.
    public var description: String { "<redacted>" }
}

/// A long-term CURVE key pair.
public struct CurveKeyPair: Sendable, Hashable {
    /// The key peers use to address and authenticate this side.
    public let publicKey: CurvePublicKey
    /// The key that never leaves this side.
    public let secretKey: CurveSecretKey

    /// Generates a fresh pair with libsodium (`zmq_curve_keypair`).
    public static func generate() throws(CurveKeyError) -> CurveKeyPair {
        guard zmq_has("curve") != 0 else { throw .curveUnavailable }
        var pub = [CChar](repeating: 0, count: Z85.keyTextLength + 1)
        var sec = [CChar](repeating: 0, count: Z85.keyTextLength + 1)
        guard zmq_curve_keypair(&pub, &sec) == 0 else { throw .curveUnavailable }
        return CurveKeyPair(
            publicKey: try CurvePublicKey(z85: Z85.string(pub)), secretKey: try CurveSecretKey(z85: Z85.string(sec))
        )
    }

    /// The pair of `secretKey`, deriving its public key (`zmq_curve_public`).
    public init(secretKey: CurveSecretKey) throws(CurveKeyError) {
        guard zmq_has("curve") != 0 else { throw .curveUnavailable }
        var pub = [CChar](repeating: 0, count: Z85.keyTextLength + 1)
        guard zmq_curve_public(&pub, secretKey.z85) == 0 else { throw .invalidKeyText("cannot derive the public key") }
        self.init(publicKey: try CurvePublicKey(z85: Z85.string(pub)), secretKey: secretKey)
    }

    /// A pair from both keys; see ``init(secretKey:)`` to check they belong together.
    public init(publicKey: CurvePublicKey, secretKey: CurveSecretKey) {
        self.publicKey = publicKey
        self.secretKey = secretKey
    }
}
