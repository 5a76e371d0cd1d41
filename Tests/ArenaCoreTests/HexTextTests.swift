import ArenaTesting
import ArenaCore
import Testing

/// The one hex codec: lower-case text out, either case in, malformed text refused.
@Suite(.cpuBound) struct HexTextTests {
    static let bytes: [UInt8] = [0x00, 0x01, 0x7F, 0x80, 0xAB, 0xCD, 0xEF, 0xFF]

    @Test func encodesTwoLowerCaseDigitsPerByte() {
        #expect(HexText.lowercase(Self.bytes) == "00017f80abcdefff")
        #expect(HexText.lowercase([]) == "")
        var out: [UInt8] = Array("%".utf8)
        HexText.append([0x2F, 0xE9], to: &out, uppercase: true)
        #expect(String(decoding: out, as: UTF8.self) == "%2FE9")
    }

    @Test func parsesEitherCaseBackToTheBytes() {
        #expect(HexText.bytes(hex: "00017f80abcdefff") == Self.bytes)
        #expect(HexText.bytes(hex: "00017F80ABCDEFFF") == Self.bytes)
        #expect(HexText.bytes(hex: Array("aB".utf8)[...]) == [0xAB])
        #expect(HexText.bytes(hex: "") == [])
    }

    @Test(arguments: ["0", "abc", "0g", "g0", " 0", "0x00", "ü"])
    func refusesMalformedText(_ text: String) {
        #expect(HexText.bytes(hex: text) == nil)
    }

    @Test func digitsAndValuesAreInverse() {
        for v in UInt8(0)...15 {
            #expect(HexText.value(ofDigit: HexText.digit(v)) == v)
            #expect(HexText.value(ofDigit: HexText.digit(v, uppercase: true)) == v)
        }
        #expect(HexText.value(ofDigit: UInt8(ascii: "G")) == nil)
    }
}
