import ArenaCore
import Testing
@testable import ArenaStore

@Suite struct SQLValueTests {
    @Test func decimalsAndTimestampsConvertExactly() throws {
        let d = try FixedDecimal(parsing: "67124.450000000001")
        #expect(try FixedDecimal(sqlValue: d.sqlValue, column: "price") == d)
        #expect(try Timestamp(sqlValue: .integer(-5), column: "t") == Timestamp(nanoseconds: -5))
        #expect(try Int64?(sqlValue: .null, column: "x") == nil)
    }

    @Test func mismatchesNameTheColumn() {
        #expect(throws: StoreError.decoding(column: "qty", reason: "expected an integer, got text(\"x\")")) {
            try Int64(sqlValue: .text("x"), column: "qty")
        }
        #expect(throws: StoreError.self) { try Bool(sqlValue: .integer(2), column: "flag") }
        #expect(throws: StoreError.self) { try FixedDecimal(sqlValue: .text("1.2.3"), column: "price") }
    }
}
