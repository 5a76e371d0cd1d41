import ArenaCore
import ArenaRuntime

/// The `execution` section: the paper venue's costs and what it fills on (spec §7). The
/// ledgers' capital is `features.starting_capital` (``ArenaRuntime/ArenaClockConfig``).
public struct ExecutionConfig: ConfigSection, Equatable {
    public static let key = "execution"
    public static let whenAbsent: ExecutionConfig? = ExecutionConfig()

    /// What the paper venue fills on: closed 1m bars (every replay has them) or trades.
    public enum FillSource: String, Codable, Sendable, CaseIterable {
        case bars
        case trades
    }

    public var takerFeeBps: FixedDecimal
    public var makerFeeBps: FixedDecimal
    /// Adverse slippage of market orders filled without a book.
    public var slippageBps: FixedDecimal
    /// Maintenance-margin rate of isolated perpetual positions (liquidation price).
    public var maintenanceMarginRate: FixedDecimal
    public var fillOn: FillSource
    /// After a restart, fetch the market data missed while down from the gateway before taking the live stream.
    public var catchUp: Bool
    /// The live venue of `arena.mode: live` (nil: none; a live arena then refuses to start).
    public var venue: LiveVenueConfig?

    /// The defaults of spec §7.
    public enum Defaults {
        public static let takerFeeBps = FixedDecimal(5)
        public static let makerFeeBps = FixedDecimal(2)
        public static let slippageBps = FixedDecimal(10)
        public static let maintenanceMarginRate = try! FixedDecimal(parsing: "0.004")
    }

    public init(
        takerFeeBps: FixedDecimal = Defaults.takerFeeBps,
        makerFeeBps: FixedDecimal = Defaults.makerFeeBps, slippageBps: FixedDecimal = Defaults.slippageBps,
        maintenanceMarginRate: FixedDecimal = Defaults.maintenanceMarginRate, fillOn: FillSource = .bars, catchUp: Bool = true,
        venue: LiveVenueConfig? = nil
    ) {
        self.takerFeeBps = takerFeeBps
        self.makerFeeBps = makerFeeBps
        self.slippageBps = slippageBps
        self.maintenanceMarginRate = maintenanceMarginRate
        self.fillOn = fillOn
        self.catchUp = catchUp
        self.venue = venue
    }

    enum CodingKeys: String, CodingKey {
        case takerFeeBps = "taker_fee_bps"
        case makerFeeBps = "maker_fee_bps"
        case slippageBps = "slippage_bps"
        case maintenanceMarginRate = "maintenance_margin_rate"
        case fillOn = "fill_on"
        case catchUp = "catch_up"
        case venue
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            takerFeeBps: try c.decode(.takerFeeBps, default: Defaults.takerFeeBps),
            makerFeeBps: try c.decode(.makerFeeBps, default: Defaults.makerFeeBps),
            slippageBps: try c.decode(.slippageBps, default: Defaults.slippageBps),
            maintenanceMarginRate: try c.decode(.maintenanceMarginRate, default: Defaults.maintenanceMarginRate),
            fillOn: try c.decode(.fillOn, default: .bars),
            catchUp: try c.decode(.catchUp, default: true),
            venue: try c.decodeIfPresent(LiveVenueConfig.self, forKey: .venue)
        )
    }

    public func validate(into problems: inout ConfigProblems) {
        for (key, value) in [("taker_fee_bps", takerFeeBps), ("maker_fee_bps", makerFeeBps), ("slippage_bps", slippageBps)] {
            problems.check(value >= .zero && value <= 1_000, key: "execution.\(key)", value: "\(value)", "must be within 0…1000 basis points")
        }
        problems.check(
            maintenanceMarginRate >= .zero && maintenanceMarginRate < 1, key: "execution.maintenance_margin_rate",
            value: "\(maintenanceMarginRate)", "must be within [0, 1)"
        )
        venue?.validate(into: &problems)
    }
}
