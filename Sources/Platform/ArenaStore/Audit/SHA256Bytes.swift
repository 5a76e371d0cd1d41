import ArenaCore
import Crypto

/// SHA-256 over byte arrays, and hex for messages. One place that imports
/// Crypto, so the hash used by the audit chain and migration checksums is
/// the same function everywhere.
enum SHA256Bytes {
    /// The 32-byte digest of the concatenation of `parts`.
    static func digest(_ parts: [UInt8]...) -> [UInt8] {
        var hasher = SHA256()
        for part in parts { hasher.update(data: part) }
        return Array(hasher.finalize())
    }

    /// Lower-case hex of `bytes`.
    static func hex(_ bytes: [UInt8]) -> String { HexText.lowercase(bytes) }

    /// Parses lower- or upper-case hex; nil when malformed.
    static func bytes(hex text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count.isMultiple(of: 2) else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count / 2)
        var i = 0
        while i < utf8.count {
            guard let high = nibble(utf8[i]), let low = nibble(utf8[i + 1]) else { return nil }
            out.append(high << 4 | low)
            i += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
