/// Collects semantic validation problems so that one start reports all of them.
struct ConfigProblems {
    private(set) var list: [ConfigError] = []

    /// Records `error`.
    mutating func add(_ error: ConfigError) { list.append(error) }

    /// Records `reason` against `key` unless `condition` holds.
    mutating func check(_ condition: Bool, key: String, value: @autoclosure () -> String, _ reason: @autoclosure () -> String) {
        if !condition { add(.invalidValue(key: key, value: value(), reason: reason())) }
    }

    /// Requires `value` to lie in `range`: `must be between 1 and 65535`.
    mutating func range(_ value: Int, _ range: ClosedRange<Int>, key: String) {
        check(range.contains(value), key: key, value: String(value), "must be between \(range.lowerBound) and \(range.upperBound)")
    }
}
