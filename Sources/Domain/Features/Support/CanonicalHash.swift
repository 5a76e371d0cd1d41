import ArenaCore
import ArenaWire
import Crypto

/// Canonical bytes and their SHA-256: for the market snapshot (spec §4: every
/// model sees byte-identical market data, and the hash recorded with each
/// decision proves it after the fact) and for model configurations (spec §5).
///
/// The canonical bytes of a value are the binary codec's encoding of it. The
/// codec is positional and writes collections in their order (and the wire
/// types hold no dictionaries), so equal values give equal bytes. For a
/// snapshot they are exactly the bytes that follow the hash string in a binary
/// ``ArenaCore/FeatureSnapshot`` body, so a receiver can check the hash against
/// what it received without re-encoding. Doubles are written by bit pattern:
/// −0 and +0 compare equal but differ in bytes, which is why
/// ``SymbolFeatureState`` never puts −0, NaN or ∞ into a snapshot.
public enum CanonicalHash {
    /// The canonical bytes of `value`. Throws only if a value cannot be
    /// encoded at all (never for the types hashed today), rather than hashing
    /// something partial.
    public static func bytes<T: Encodable>(of value: T) throws(WireError) -> [UInt8] {
        try BinaryEncoder().encode(value)
    }

    /// The SHA-256 digest of `bytes` (32 bytes).
    public static func digest(_ bytes: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: bytes)) }

    /// Lower-case hex SHA-256 of `bytes` (64 characters).
    public static func hex(_ bytes: [UInt8]) -> String { HexText.lowercase(SHA256.hash(data: bytes)) }

    /// Lower-case hex SHA-256 of `value`'s canonical bytes.
    public static func hex<T: Encodable>(of value: T) throws(WireError) -> String {
        hex(try bytes(of: value))
    }

    /// `snapshot` with its hash, as published on `feat.snapshot`.
    public static func featureSnapshot(_ snapshot: MarketSnapshot) throws(WireError) -> FeatureSnapshot {
        FeatureSnapshot(snapshotHash: try hex(of: snapshot), snapshot: snapshot)
    }
}
