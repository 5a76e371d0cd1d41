import ArenaTesting
import Testing
@testable import ArenaCore

@Suite(.cpuBound) struct FixedDecimalParsingTests {
    @Test(arguments: [
        ("67124.45", "67124.45"), ("-0.001", "-0.001"), ("+3", "3"), ("0", "0"), ("-0", "0"),
        ("1e-8", "0.00000001"), ("2.5E3", "2500"), ("000120.5000", "120.5"), (".5", "0.5"), ("5.", "5"),
        ("0.000000000001", "0.000000000001"), ("1.000000000000000", "1"),
        ("1000000000000", "1000000000000"),
    ])
    func parsesAndFormatsCanonically(input: String, canonical: String) throws {
        #expect(try FixedDecimal(parsing: input).description == canonical)
    }

    @Test(arguments: ["", "-", "abc", "1.2.3", "1,5", " 1", "1 ", "nan", "inf", "1e", "1e+", "0x10", "--1", "1e1000"])
    func rejectsBadSyntax(input: String) {
        #expect(throws: FixedDecimalError.self) { try FixedDecimal(parsing: input) }
    }

    @Test func rejectsDigitsBeyondScale() {
        #expect(throws: FixedDecimalError.precisionLoss) { try FixedDecimal(parsing: "0.0000000000001") }
    }

    @Test func rejectsOverflow() {
        #expect(throws: FixedDecimalError.overflow) { try FixedDecimal(parsing: "1" + String(repeating: "0", count: 30)) }
    }

    @Test func holdsTotalsFarBeyondOneTrillion() throws {
        let big = try FixedDecimal(parsing: "999999999999999.123456789012")
        #expect(big.description == "999999999999999.123456789012")
        let sum = try big.adding(big)
        #expect(sum.description == "1999999999999998.246913578024")
    }

    @Test func extremesRoundTripThroughText() throws {
        #expect(try FixedDecimal(parsing: FixedDecimal.max.description) == .max)
        #expect(try FixedDecimal(parsing: FixedDecimal.min.description) == .min)
    }
}

@Suite(.cpuBound) struct FixedDecimalArithmeticTests {
    func d(_ s: String) -> FixedDecimal { try! FixedDecimal(parsing: s) }

    @Test func additionAndSubtractionAreExact() {
        #expect(d("0.1") + d("0.2") == d("0.3"))
        #expect(d("67124.45") - d("0.01") == d("67124.44"))
    }

    @Test func multiplicationIsExactBeforeRounding() throws {
        // Binance-style notional and a 5 bp fee.
        let notional = d("67124.45") * d("0.00123")
        #expect(notional == d("82.5630735"))
        #expect(try notional.multiplied(by: d("0.0005")) == d("0.04128153675"))
    }

    @Test func divisionRoundsWithTheChosenMode() throws {
        let one = FixedDecimal.one, three = FixedDecimal(3)
        #expect(try one.divided(by: three, rounding: .towardZero).description == "0.333333333333")
        #expect(try one.divided(by: three, rounding: .up).description == "0.333333333334")
        #expect(try (-one).divided(by: three, rounding: .down).description == "-0.333333333334")
        #expect(try (-one).divided(by: three, rounding: .up).description == "-0.333333333333")
        #expect(throws: FixedDecimalError.precisionLoss) { try one.divided(by: three, rounding: .unnecessary) }
        #expect(throws: FixedDecimalError.divisionByZero) { try one.divided(by: .zero) }
    }

    @Test(arguments: [
        // value, places, mode, expected
        ("2.5", 0, RoundingMode.halfEven, "2"), ("3.5", 0, .halfEven, "4"), ("-2.5", 0, .halfEven, "-2"),
        ("2.5", 0, .halfUp, "3"), ("-2.5", 0, .halfUp, "-3"), ("2.49", 0, .halfUp, "2"),
        ("1.239", 2, .towardZero, "1.23"), ("-1.239", 2, .towardZero, "-1.23"),
        ("1.231", 2, .awayFromZero, "1.24"), ("-1.231", 2, .awayFromZero, "-1.24"),
        ("1.231", 2, .up, "1.24"), ("-1.239", 2, .up, "-1.23"),
        ("1.239", 2, .down, "1.23"), ("-1.231", 2, .down, "-1.24"),
    ])
    func roundsToPlaces(value: String, places: Int, mode: RoundingMode, expected: String) {
        #expect(d(value).rounded(toPlaces: places, mode) == d(expected))
    }

    @Test func roundsToTickSize() throws {
        #expect(try d("67124.456").rounded(toMultipleOf: d("0.01"), .down) == d("67124.45"))
        #expect(try d("0.123456").rounded(toMultipleOf: d("0.0005"), .halfEven) == d("0.1235"))
    }

    @Test func checkedArithmeticReportsOverflow() {
        #expect(throws: FixedDecimalError.overflow) { try FixedDecimal.max.adding(.one) }
        #expect(throws: FixedDecimalError.overflow) { try FixedDecimal.min.subtracting(.one) }
        #expect(throws: FixedDecimalError.overflow) { try FixedDecimal.max.multiplied(by: FixedDecimal(2)) }
        #expect(throws: FixedDecimalError.overflow) { try d("1e20").multiplied(by: d("1e20")) }
    }

    @Test func productsOfLargeValuesUseFullWidth() throws {
        // 1e12 × 1e12 = 1e24 needs more than 128 bits of scaled intermediate.
        let p = try d("1000000000000").multiplied(by: d("1000000000000"))
        #expect(p.description == "1000000000000000000000000")
    }

    @Test func formatsWithFixedPlaces() {
        #expect(d("1.5").formatted(places: 3) == "1.500")
        #expect(d("2").formatted(places: 2) == "2.00")
        #expect(d("1.005").formatted(places: 2, .halfUp) == "1.01")
        #expect(d("-0.004").formatted(places: 2) == "0.00")
    }
}
