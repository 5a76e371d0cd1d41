import ArenaCore

/// Sealing a snapshot and checking a received one: any service can verify a
/// snapshot hash with ArenaWire alone.
extension SealedSnapshot {
    /// Seals `snapshot`: encodes it once and hashes those bytes. Every message
    /// that carries the result writes these bytes as they are.
    public init(sealing snapshot: MarketSnapshot) throws(WireError) {
        let bytes = try CanonicalHash.bytes(of: snapshot)
        self.init(snapshot: snapshot, hash: CanonicalHash.hex(bytes), canonicalBytes: bytes)
    }

    /// Whether ``hash`` is the SHA-256 of ``canonicalBytes``: for a snapshot
    /// received in binary, of exactly the bytes received (nothing is
    /// re-encoded). Hashes the bytes on every call.
    public var isIntact: Bool { CanonicalHash.hex(canonicalBytes) == hash }
}
