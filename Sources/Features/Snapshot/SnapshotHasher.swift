import ArenaCore
import ArenaWire
import Crypto

/// The canonical bytes of a market snapshot and their SHA-256 (spec §4: every
/// model sees byte-identical market data, and the hash recorded with each
/// decision proves it after the fact).
///
/// The canonical bytes are the binary codec's encoding of the
/// ``MarketSnapshot`` value, exactly the bytes that follow the hash string in
/// a binary ``FeatureSnapshot`` body, so a receiver can check the hash against
/// what it received without re-encoding. The codec is positional and writes
/// collections in their order, so equal values give equal bytes. Doubles are
/// written by bit pattern: −0 and +0 compare equal but differ in bytes, which
/// is why ``SymbolFeatureState`` never puts −0, NaN or ∞ into a snapshot.
public enum SnapshotHasher {
    /// The binary codec's encoding of `snapshot`.
    ///
    /// Throws only if a value cannot be encoded at all (never for the types a
    /// snapshot holds today), rather than hashing something partial.
    public static func canonicalBytes(_ snapshot: MarketSnapshot) throws(WireError) -> [UInt8] {
        try BinaryEncoder().encode(snapshot)
    }

    /// Lower-case hex SHA-256 of `bytes` (64 characters).
    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        hex(SHA256.hash(data: bytes))
    }

    /// Lower-case hex SHA-256 of `snapshot`'s canonical bytes.
    public static func hash(_ snapshot: MarketSnapshot) throws(WireError) -> String {
        sha256Hex(try canonicalBytes(snapshot))
    }

    /// `snapshot` with its hash, as published on `feat.snapshot`.
    public static func featureSnapshot(_ snapshot: MarketSnapshot) throws(WireError) -> FeatureSnapshot {
        FeatureSnapshot(snapshotHash: try hash(snapshot), snapshot: snapshot)
    }

    /// Two lower-case hex digits per byte.
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
