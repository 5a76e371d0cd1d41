import ArenaCore

/// The live-trading switch (spec §7, §11): whether orders may reach a venue, decided once at start
/// from the three things that must all agree, and fail closed otherwise.
///
/// | mode | venue | `TRADING_ENABLED` | orders |
/// |---|---|---|---|
/// | paper | – | – | the paper venue; no venue is called |
/// | live | testnet or demo | any | sent to the testnet or demo (no real funds) |
/// | live | production | true | sent: real money |
/// | live | production | unset or false | refused with `live_trading_disabled`, none sent |
public enum TradingSwitch: Sendable, Hashable, CustomStringConvertible {
    /// Paper trading: orders fill on the paper venue.
    case paper
    /// Orders go to `venue`, a testnet or demo.
    case testnet(venue: String)
    /// Orders go to `venue`, the real exchange.
    case production(venue: String)
    /// Live mode, but orders are refused: `reason` says why.
    case refused(venue: String, reason: String)

    /// The switch for `live` mode (false: paper) with `tradingEnabled`, at a venue described by
    /// `venue` that is, or is not, a testnet or demo.
    public static func decide(live: Bool, tradingEnabled: Bool, venue: String, isTestnetOrDemo: Bool) -> TradingSwitch {
        guard live else { return .paper }
        if isTestnetOrDemo { return .testnet(venue: venue) }
        guard tradingEnabled else {
            return .refused(venue: venue, reason: "live_trading_disabled: \(venue) is the real exchange and TRADING_ENABLED is not true")
        }
        return .production(venue: venue)
    }

    /// Whether orders are sent to the venue.
    public var sendsOrders: Bool {
        switch self {
        case .testnet, .production: true
        case .paper, .refused: false
        }
    }

    /// The reason every order is refused, when it is.
    public var refusal: String? { if case .refused(_, let reason) = self { reason } else { nil } }

    /// The one start-up line every service that could trade logs.
    public var description: String {
        switch self {
        case .paper: "trading switch: PAPER (orders fill on the paper venue; no venue is called)"
        case .testnet(let venue): "trading switch: TESTNET (orders go to \(venue); no real funds)"
        case .production(let venue): "trading switch: LIVE (TRADING_ENABLED=true: real orders go to \(venue))"
        case .refused(let venue, let reason): "trading switch: OFF (live mode at \(venue), every order refused: \(reason))"
        }
    }
}
