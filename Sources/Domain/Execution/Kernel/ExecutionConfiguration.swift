import ArenaCore

/// The OMS kernel's settings, with the SPEC defaults.
public struct ExecutionConfiguration: Sendable, Hashable, Codable {
    /// Each model's starting cash in the quote currency.
    public var startingCapital: FixedDecimal
    public var takerFeeBps: FixedDecimal
    public var makerFeeBps: FixedDecimal
    /// Adverse slippage of market-style fills on trades and bars.
    public var slippageBps: FixedDecimal
    /// The maintenance-margin rate of the isolated-margin liquidation price.
    public var maintenanceMarginRate: FixedDecimal
    /// The venue the kernel simulates; orders for another venue are refused.
    public var venue: VenueID
    /// Funding settles every this many seconds from the epoch (8 h: 00, 08, 16 UTC).
    public var fundingIntervalSeconds: Int64
    /// Who fills the orders: the paper venue in the kernel, or a live venue outside it.
    public var venueMode: VenueMode

    public init(
        startingCapital: FixedDecimal = 10_000, takerFeeBps: FixedDecimal = 5, makerFeeBps: FixedDecimal = 2,
        slippageBps: FixedDecimal = 10, maintenanceMarginRate: FixedDecimal = FixedDecimal(raw: 4_000_000_000),
        venue: VenueID = ExecutionVenues.paper, fundingIntervalSeconds: Int64 = 8 * 3_600, venueMode: VenueMode = .paper
    ) {
        self.startingCapital = startingCapital
        self.takerFeeBps = takerFeeBps
        self.makerFeeBps = makerFeeBps
        self.slippageBps = slippageBps
        self.maintenanceMarginRate = maintenanceMarginRate
        self.venue = venue
        self.fundingIntervalSeconds = fundingIntervalSeconds
        self.venueMode = venueMode
    }

    /// The paper venue's pricing from these settings.
    public var pricing: PaperPricing { PaperPricing(slippageBps: slippageBps, takerFeeBps: takerFeeBps, makerFeeBps: makerFeeBps) }
}

/// Who fills the kernel's orders.
public enum VenueMode: String, Sendable, Hashable, Codable {
    /// The paper venue in the kernel matches orders against the market data (spec §7).
    case paper
    /// A live venue does: the kernel journals a ``ArenaCore/VenueInstruction`` for each order to
    /// place or cancel and changes orders and ledgers only on the venue's ``ArenaCore/VenueReport``s.
    /// Triggers it manages itself (TWAP slices, time stops, bracket legs once an entry filled) become
    /// instructions too; matching, liquidation and funding are the venue's.
    case external
}
