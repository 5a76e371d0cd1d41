/// Hexadecimal digits, for percent-escapes in URLs and PostgreSQL's bytea.
enum Hex {
    /// The value of one hex digit (either case), or nil.
    static func value(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The digit for a value 0…15, in `uppercase` or lowercase.
    static func digit(_ v: UInt8, uppercase: Bool = false) -> UInt8 {
        v < 10 ? UInt8(ascii: "0") + v : (uppercase ? UInt8(ascii: "A") : UInt8(ascii: "a")) + v - 10
    }
}
