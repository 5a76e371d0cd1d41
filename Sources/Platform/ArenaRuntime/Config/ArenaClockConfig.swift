import ArenaCore

/// What every trading service shares with the arena clock, read from the
/// `features` section: the tick interval (the OMS publishes every account at
/// each tick) and the starting capital (the OMS's ledgers and the risk
/// guard's opening accounts). The feature engine's own section reads the same
/// keys, so each value exists once.
public struct ArenaClockConfig: ConfigSection, Equatable {
    public static let key = "features"
    public static let whenAbsent: ArenaClockConfig? = ArenaClockConfig()

    /// Seconds between decision ticks (spec §4: 5 minutes).
    public var tickSeconds: Int
    /// Every model's starting capital, in the quote currency.
    public var startingCapital: FixedDecimal

    public init(tickSeconds: Int = 300, startingCapital: FixedDecimal = 10_000) {
        self.tickSeconds = tickSeconds
        self.startingCapital = startingCapital
    }

    enum CodingKeys: String, CodingKey {
        case tickSeconds = "tick_seconds"
        case startingCapital = "starting_capital"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(tickSeconds: try c.decode(.tickSeconds, default: 300), startingCapital: try c.decode(.startingCapital, default: 10_000))
    }

    public func validate(into problems: inout ConfigProblems) {
        problems.range(tickSeconds, 1...86_400, key: "features.tick_seconds")
        problems.check(startingCapital > .zero, key: "features.starting_capital", value: "\(startingCapital)", "must be above zero")
    }
}
