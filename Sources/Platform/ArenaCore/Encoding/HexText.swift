/// Bytes as lower-case hexadecimal text: the form every hash in the arena is
/// shown and compared in (snapshot and config hashes, the audit chain).
public enum HexText {
    /// Two lower-case hex digits per byte.
    public static func lowercase(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
