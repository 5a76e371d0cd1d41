import ArenaCore

extension FixedDecimal {
    /// `text` as an exact decimal, for test literals (`FixedDecimal(test: "0.0008")`); a malformed literal is a defect in the test.
    public init(test text: String) {
        do { self = try FixedDecimal(parsing: text) } catch { preconditionFailure("'\(text)' is not a decimal: \(error)") }
    }
}
