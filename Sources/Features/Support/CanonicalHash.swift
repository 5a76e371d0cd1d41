import ArenaWire
import Crypto

/// SHA-256 over a value's canonical bytes: the binary codec's encoding, which
/// is a pure function of the value (fields in declaration order, no maps).
public enum CanonicalHash {
    /// The canonical bytes of `value`.
    public static func bytes<T: Encodable>(of value: T) throws(WireError) -> [UInt8] {
        try BinaryEncoder().encode(value)
    }

    /// The SHA-256 digest of `bytes` (32 bytes).
    public static func digest(_ bytes: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: bytes)) }

    /// Lower-case hex SHA-256 of `bytes`.
    public static func hex(_ bytes: [UInt8]) -> String {
        digest(bytes).map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }

    /// Lower-case hex SHA-256 of `value`'s canonical bytes.
    public static func hex<T: Encodable>(of value: T) throws(WireError) -> String {
        hex(try bytes(of: value))
    }
}
