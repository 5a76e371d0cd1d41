/// Collects semantic validation problems so that one start reports all of them.
public struct ConfigProblems: Sendable {
    /// The problems recorded so far.
    public private(set) var list: [ConfigError] = []

    /// No problems yet.
    public init() {}

    /// Records `error`.
    public mutating func add(_ error: ConfigError) { list.append(error) }

    /// Records `reason` against `key` unless `condition` holds.
    public mutating func check(_ condition: Bool, key: String, value: @autoclosure () -> String, _ reason: @autoclosure () -> String) {
        if !condition { add(.invalidValue(key: key, value: value(), reason: reason())) }
    }

    /// Requires `value` to lie in `range`: `must be between 1 and 65535`.
    public mutating func range(_ value: Int, _ range: ClosedRange<Int>, key: String) {
        check(range.contains(value), key: key, value: String(value), "must be between \(range.lowerBound) and \(range.upperBound)")
    }
}
