import ArenaCore

/// How messages carry a ``ArenaCore/SealedSnapshot``: two fields, the hash
/// string and then the snapshot. In the binary codec the snapshot field *is*
/// the canonical bytes: written verbatim (the codec is positional, so the
/// frame is byte-identical to encoding the snapshot there) and read back as
/// exactly the bytes received. JSON writes the snapshot's own fields and
/// carries no canonical bytes, so they are encoded on receipt.
extension SealedSnapshot {
    /// `snapshot` under a hash someone else claims for it (a JSON body, a
    /// sample): its canonical bytes are encoded here, and ``isIntact`` tells
    /// whether the claim holds.
    public init(snapshot: MarketSnapshot, claimedHash: String) throws(WireError) {
        // The canonical bytes are the binary codec's encoding (see CanonicalHash).
        self.init(snapshot: snapshot, hash: claimedHash, canonicalBytes: try BinaryEncoder().encode(snapshot))
    }
}

extension KeyedEncodingContainer {
    /// Writes `sealed` as messages lay it out: the hash under `hashKey`, then the snapshot under `snapshotKey`.
    mutating func encode(_ sealed: SealedSnapshot, hashKey: Key, snapshotKey: Key) throws {
        try encode(sealed.hash, forKey: hashKey)
        try encode(SnapshotField(snapshot: sealed.snapshot, canonicalBytes: sealed.canonicalBytes), forKey: snapshotKey)
    }
}

extension KeyedDecodingContainer {
    /// Reads what ``KeyedEncodingContainer/encode(_:hashKey:snapshotKey:)`` wrote.
    func decodeSealedSnapshot(hashKey: Key, snapshotKey: Key) throws -> SealedSnapshot {
        let hash = try decode(String.self, forKey: hashKey)
        let field = try decode(SnapshotField.self, forKey: snapshotKey)
        guard let bytes = field.canonicalBytes else { return try SealedSnapshot(snapshot: field.snapshot, claimedHash: hash) }
        return SealedSnapshot(snapshot: field.snapshot, hash: hash, canonicalBytes: bytes)
    }
}

/// The snapshot field of a message: its canonical bytes in the binary codec,
/// the snapshot's fields elsewhere; described in the schema as the
/// `MarketSnapshot` it is on the wire.
struct SnapshotField: Codable, BinarySpecialEncodable, BinarySpecialDecodable, SchemaDescribable {
    var snapshot: MarketSnapshot
    /// The bytes to write, or the bytes read; nil when decoded from JSON.
    var canonicalBytes: [UInt8]?

    init(snapshot: MarketSnapshot, canonicalBytes: [UInt8]?) {
        self.snapshot = snapshot
        self.canonicalBytes = canonicalBytes
    }

    init(from decoder: any Decoder) throws {
        self.init(snapshot: try MarketSnapshot(from: decoder), canonicalBytes: nil)
    }

    func encode(to encoder: any Encoder) throws { try snapshot.encode(to: encoder) }

    func encodeBinary(into e: BinaryEncoding) throws {
        guard let canonicalBytes else { return try snapshot.encode(to: e) }
        e.writer.bytes.append(contentsOf: canonicalBytes)
    }

    static func decodeBinary(from d: BinaryDecoding) throws -> SnapshotField {
        let start = d.reader.offset
        if let (snapshot, length) = SnapshotDecodeMemo.lookup(d.reader.base, from: start, end: d.reader.end) {
            d.reader.offset += length
            return SnapshotField(snapshot: snapshot, canonicalBytes: Array(UnsafeRawBufferPointer(rebasing: d.reader.base[start..<(start + length)])))
        }
        // Straight to the snapshot's own decoding: the nesting depth is counted once, as for a plain snapshot field.
        let snapshot = try MarketSnapshot(from: d)
        let reader = d.reader
        let bytes = Array(UnsafeRawBufferPointer(rebasing: reader.base[start..<reader.offset]))
        SnapshotDecodeMemo.remember(snapshot, bytes: bytes)
        return SnapshotField(snapshot: snapshot, canonicalBytes: bytes)
    }

    static func schemaSample(_ recorder: SchemaRecorder) throws -> (Any, String) {
        let (snapshot, name) = try recorder.sample(MarketSnapshot.self)
        return (SnapshotField(snapshot: snapshot, canonicalBytes: nil), name)
    }
}
