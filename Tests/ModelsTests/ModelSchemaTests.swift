import ArenaCore
import Testing
@testable import Models

/// Parameters are checked against the kind's schema: unknown keys, wrong
/// types and missing required keys are refused naming the key; absent keys
/// take their defaults.
@Suite struct ModelSchemaTests {
    static let schema = ModelSchema(kind: "example", summary: "a test schema", parameters: [
        .int("period", 14, 2...500, "lookback"),
        .number("threshold", 1.2, 0...10, "a ratio"),
        ParameterSpec("symbol", .symbol, default: "BTCUSDT", "what to trade"),
        ParameterSpec("mode", .choice(["majority", "confidence"]), default: "majority", "how to vote"),
        ParameterSpec("members", .models, default: nil, "required list"),
    ])

    @Test func absentKeysTakeTheirDefaults() throws {
        let p = try Self.schema.parameters([ModelParameter(key: "members", value: "a,b")])
        #expect(p.int("period") == 14)
        #expect(p.double("threshold") == 1.2)
        #expect(p.decimal("threshold") == FixedDecimal("1.2"))
        #expect(p.symbol("symbol").value == "BTCUSDT")
        #expect(p.word("mode") == "majority")
        #expect(p.models("members").map(\.value) == ["a", "b"])
    }

    @Test func anUnknownKeyIsRefusedByName() {
        #expect(throws: ModelConfigError.unknownParameter(kind: "example", key: "perod", known: ["period", "threshold", "symbol", "mode", "members"])) {
            try Self.schema.parameters([ModelParameter(key: "perod", value: "3"), ModelParameter(key: "members", value: "a")])
        }
    }

    @Test(arguments: [
        ("period", "fourteen"), ("period", "1"), ("period", "2.5"), ("threshold", "nan"), ("threshold", "-1"), ("symbol", "btc usdt"),
        ("mode", "unanimous"), ("members", "a,a"),
    ])
    func anIllTypedValueIsRefusedByName(key: String, value: String) {
        var entries = [ModelParameter(key: key, value: value)]
        if key != "members" { entries.append(ModelParameter(key: "members", value: "a")) }
        do {
            _ = try Self.schema.parameters(entries)
            Issue.record("\(key)=\(value) was accepted")
        } catch {
            guard case .wrongType(let named, let given, _) = error else { Issue.record("unexpected \(error)"); return }
            #expect(named == key && given == value)
            #expect(error.key == "params.\(key)")
            #expect(error.description.contains("'\(key)'"))
        }
    }

    @Test func aMissingRequiredKeyIsRefusedByName() {
        #expect(throws: ModelConfigError.missingParameter(kind: "example", key: "members")) { try Self.schema.parameters([]) }
    }
}

/// The rationale number format: 2, 4 or 6 decimals by magnitude, trailing zeros dropped.
@Suite struct RationaleNumberTests {
    @Test(arguments: [
        (28512.1, "28512.1"), (28512.125, "28512.13"), (1234.5, "1234.5"), (58.25, "58.25"), (1.23456, "1.2346"), (0.000125, "0.000125"),
        (0.1234567, "0.123457"), (-0.5, "-0.5"), (-1234.567, "-1234.57"), (42, "42"), (-7, "-7"), (0.0000001, "0"), (1.2e-7, "0"),
        (999.99999, "1000"), (0.333333333, "0.333333"),
    ])
    func formatsAsStated(value: Double, text: String) {
        #expect(fmt(value) == text)
    }
}
