import ArenaCore

/// A string id (a command id, a client order id) as the key of the kernel's large tables.
///
/// A `String` key is hashed byte by byte through SipHash on every lookup, and a probe compares
/// whole strings against each occupied bucket it meets. This key carries a 64-bit FNV-1a digest of
/// its text, computed once: the hasher is fed one word, and a probe rejects a different id on the
/// digest before it compares any text. Equality still compares the text, so a digest collision
/// is only slower, never wrong.
struct IDKey: Hashable, Sendable {
    let text: String
    let digest: UInt64

    init(_ text: String) {
        var text = text
        // The bytes in place (native strings are contiguous): iterating the UTF-8 view costs
        // several times more per byte.
        digest = text.withUTF8 { bytes in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in bytes {
                hash ^= UInt64(byte)
                hash &*= 0x0000_0100_0000_01b3
            }
            return hash
        }
        self.text = text
    }

    init(_ id: ClientOrderID) { self.init(id.value) }

    static func == (lhs: IDKey, rhs: IDKey) -> Bool { lhs.digest == rhs.digest && lhs.text == rhs.text }

    func hash(into hasher: inout Hasher) { hasher.combine(digest) }
}
