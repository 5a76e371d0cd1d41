import ArenaCore
import Crypto

/// Canonical bytes and their SHA-256: the one hash of the arena. It hashes
/// the market snapshot (spec §4: every model sees byte-identical market data,
/// and the hash recorded with each decision proves it after the fact), model
/// configurations (spec §5), and the audit chain and migration checksums
/// (over canonical forms of their own).
///
/// The canonical bytes of a value are the binary codec's encoding of it. The
/// codec is positional and writes collections in their order (sets and
/// dictionaries sorted by their encoded keys), so equal values give equal
/// bytes. Doubles are written by bit pattern: −0 and +0 compare equal but
/// differ in bytes, which is why the feature engine never puts −0, NaN or ∞
/// into a snapshot. A snapshot is encoded once per tick, into a
/// ``ArenaCore/SealedSnapshot`` that every message then carries as is.
public enum CanonicalHash {
    /// The canonical bytes of `value`. Throws only if a value cannot be
    /// encoded at all (never for the types hashed today), rather than hashing
    /// something partial.
    public static func bytes<T: Encodable>(of value: T) throws(WireError) -> [UInt8] {
        try BinaryEncoder().encode(value)
    }

    /// The SHA-256 digest (32 bytes) of the concatenation of `parts`.
    public static func digest(_ parts: [UInt8]...) -> [UInt8] {
        var hasher = SHA256()
        for part in parts { hasher.update(data: part) }
        return Array(hasher.finalize())
    }

    /// Lower-case hex SHA-256 of `bytes` (64 characters).
    public static func hex(_ bytes: [UInt8]) -> String { HexText.lowercase(digest(bytes)) }

    /// Lower-case hex SHA-256 of `value`'s canonical bytes.
    public static func hex<T: Encodable>(of value: T) throws(WireError) -> String {
        hex(try bytes(of: value))
    }
}
