import ArenaCore
import ArenaWire

/// The hash chain's definition, shared by appending and verifying.
///
/// A row's canonical bytes are its fields in a fixed order, each
/// self-delimiting so no two different rows share an encoding:
/// `seq` (8 bytes, big-endian) ‖ `recorded_at` (8 bytes, big-endian, two's
/// complement) ‖ for each of `kind`, `ref`, `body`: its length (4 bytes,
/// big-endian) then its bytes (UTF-8 for text). The row's hash is
/// SHA-256(previous row's hash ‖ canonical bytes); the first row's previous
/// hash is 32 zero bytes. Including `seq` binds each row to its position, so
/// moving a row is detected even when its neighbours are moved with it.
public enum AuditChain {
    /// The "previous hash" of the first row.
    public static let genesis = [UInt8](repeating: 0, count: 32)

    /// The canonical bytes of a row.
    public static func canonicalBytes(seq: Int64, kind: AuditKind, ref: String, recordedAt: Timestamp, body: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(28 + kind.rawValue.utf8.count + ref.utf8.count + body.count)
        append(UInt64(bitPattern: seq), width: 8, to: &out)
        append(UInt64(bitPattern: recordedAt.nanoseconds), width: 8, to: &out)
        for field in [Array(kind.rawValue.utf8), Array(ref.utf8), body] {
            append(UInt64(field.count), width: 4, to: &out)
            out += field
        }
        return out
    }

    /// The hash of a row whose predecessor's hash is `prevHash`.
    public static func hash(prevHash: [UInt8], seq: Int64, kind: AuditKind, ref: String, recordedAt: Timestamp, body: [UInt8]) -> [UInt8] {
        CanonicalHash.digest(prevHash, canonicalBytes(seq: seq, kind: kind, ref: ref, recordedAt: recordedAt, body: body))
    }

    /// Lower-case hex, for messages and the head anchor.
    public static func hex(_ hash: [UInt8]) -> String { HexText.lowercase(hash) }

    private static func append(_ value: UInt64, width: Int, to out: inout [UInt8]) {
        for shift in stride(from: (width - 1) * 8, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }
}
