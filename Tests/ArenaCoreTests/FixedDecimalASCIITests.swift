import ArenaTesting
import PropertyBased
import Testing
@testable import ArenaCore

/// `init(parsingASCII:)` must agree with `init(parsing:)` on every input: the same value or the same error.
@Suite(.cpuBound) struct FixedDecimalASCIITests {
    private func both(_ text: String) -> (ascii: Result<FixedDecimal, FixedDecimalError>, text: Result<FixedDecimal, FixedDecimalError>) {
        let bytes = Array(text.utf8)
        let ascii = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(FixedDecimalError) -> FixedDecimal in try FixedDecimal(parsingASCII: buffer) }
        }
        let general: Result<FixedDecimal, FixedDecimalError>
        do { general = .success(try FixedDecimal(parsing: text)) } catch let e as FixedDecimalError {
            general = .failure(e)
        } catch { fatalError("init(parsing:) threw \(error)") }
        return (ascii, general)
    }

    static let edges = [
        "0", "-0", "+0", "0.0", "00012.3400", "61837.63000000", "0.00141342", "23.00000000", "1", "-1", "+3",
        "0.000000000001", "0.0000000000010", "0.0000000000001", "0.00000000000100000", "1.", ".5", "-.5", ".", "",
        "+", "-", "1..2", "1.2.3", "12a", " 1", "1 ", "nan", "inf", "1e5", "6.818e-05", "-6.12e-06", "2.5E3", "1e-13",
        "0e-40", "1e", "1e+", "123456789012345678", "1234567890123456789", "999999999999999999.999999999999",
        "170141183460469231731687303715884.105727", "170141183460469231731687303715884.105728",
        "-170141183460469231731687303715884.105728", "-170141183460469231731687303715884.105729",
        "100000000000000000000000000000000000000", "0.100000000000000000000000000000000000000000000000",
        "10000000000000000000000000000.5", String(repeating: "0", count: 300), String(repeating: "1", count: 40),
        "1" + String(repeating: "0", count: 26) + ".1", "٣", "１",
    ]

    @Test(arguments: edges)
    func edgeInputsAgree(text: String) {
        let (ascii, general) = both(text)
        #expect(ascii == general, "\"\(text)\"")
    }

    /// Random decimal-looking text: digits, points, signs, exponents and junk in random places.
    @Test func randomInputsAgree() {
        // A fixed seed, so a failure reproduces.
        var rng = Xoshiro(seed: (0x5EED_F1ED, 1, 2, 3))
        let alphabet = Array("0000123456789...--+eE x")
        for round in 0..<100_000 {
            let length = Int(rng.next() % 30)
            var text = ""
            // Half the inputs are well-formed prices, the shape the hot path sees.
            if round % 2 == 0 {
                let whole = rng.next() % 1_000_000
                let fraction = rng.next() % 100_000_000
                let places = Int(rng.next() % 13)
                text = (rng.next() % 5 == 0 ? "-" : "") + "\(whole)"
                if places > 0 {
                    let digits = String(fraction)
                    text += "." + String((String(repeating: "0", count: 13) + digits).suffix(places))
                }
            } else {
                for _ in 0..<length { text.append(alphabet[Int(rng.next() % UInt64(alphabet.count))]) }
            }
            let (ascii, general) = both(text)
            if ascii != general {
                Issue.record("\"\(text)\": ascii \(ascii), general \(general)")
                return
            }
        }
    }
}
