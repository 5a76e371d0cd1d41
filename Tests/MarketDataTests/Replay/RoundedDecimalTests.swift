import ArenaCore
import ArenaTesting
import Testing
@testable import MarketData

/// Rounding float-written decimal text to a stated precision, half to even.
@Suite(.cpuBound) struct RoundedDecimalTests {
    @Test(arguments: [
        ("-0.0021933400000000002", 8, "-0.00219334"), ("6.818e-05", 8, "0.00006818"), ("0.000000125", 8, "0.00000012"),
        ("0.000000135", 8, "0.00000014"), ("0.0000001250001", 8, "0.00000013"), ("9.999999999", 8, "10"),
        ("1E+2", 0, "100"), ("0.4", 0, "0"), ("0.5", 0, "0"), ("1.5", 0, "2"), ("1e-20", 8, "0"), ("-0", 3, "0"),
        ("12", 12, "12"),
    ])
    func rounds(text: String, places: Int, expected: String) throws {
        #expect(try RoundedDecimal.parse(Array(text.utf8), places: places) == FixedDecimal(expected)!)
    }

    @Test(arguments: ["", "-", "1.2.3", "1e", "1e1234", "x", ".", "1,5"])
    func refusesNonNumbers(text: String) {
        #expect(throws: ExactNumber.Problem.self) { try RoundedDecimal.parse(Array(text.utf8), places: 8) }
    }
}
