import ArenaCore
import ArenaRuntime
import LiveVenues
import Logging

/// The live venue `execution.venue` names, as the trading switch allows it.
enum LiveVenueFactory {
    /// The venue to trade at. When the switch refuses orders, a venue that can make no request at
    /// all (no key is even read); otherwise the configured exchange with the keys from the environment.
    static func make(_ config: LiveVenueConfig, switch decision: TradingSwitch, logger: Logger) throws -> any LiveVenue {
        guard decision.sendsOrders else { return DisabledVenue(summary: config.summary, isTestnetOrDemo: config.isTestnetOrDemo) }
        switch config.exchange {
        case .binance:
            let market: BinanceMarket = config.market == .spot ? .spot : .usdm
            var environment: BinanceEnvironment = switch config.environment {
            case .testnet: .testnet(market)
            case .demo: market == .spot ? .spotDemo() : .testnet(market)
            case .production: .production(market)
            }
            if let url = config.baseURL { environment = environment.at(baseURL: url) }
            var settings = BinanceTradingClient.Configuration()
            settings.requestTimeout = .milliseconds(config.requestTimeoutMs)
            let credentials = try BinanceCredentials.fromEnvironment(prefix: config.credentialsPrefix)
            let client = BinanceTradingClient(environment: environment, credentials: credentials, configuration: settings, logger: logger)
            return BinanceVenue(client: client, credentials: credentials, logger: logger)
        }
    }
}

/// A venue no order may reach (the trading switch is off): it makes no request, and says why.
struct DisabledVenue: LiveVenue {
    let summary: String
    let isTestnetOrDemo: Bool
    var id: VenueID { VenueID(unchecked: "disabled") }

    struct Disabled: Error, CustomStringConvertible {
        var description: String { "live trading is disabled: no request is made" }
    }

    func prepare() async throws { throw Disabled() }
    func place(_ order: OrderSpec, referencePrice: FixedDecimal?) async -> [VenueReport] {
        [VenueReport(kind: .rejected, clientOrderID: order.clientOrderID, reason: "\(Disabled())", time: WallClock().now())]
    }
    func cancel(_ order: OrderSpec) async -> [VenueReport] {
        [VenueReport(kind: .cancelled, clientOrderID: order.clientOrderID, reason: "\(Disabled())", time: WallClock().now())]
    }
    func resolve(_ order: OrderSpec) async -> [VenueReport] { [] }
    func openOrders() async throws -> [VenueOrder] { throw Disabled() }
    func balances() async throws -> [String: FixedDecimal] { throw Disabled() }
    func canWithdraw() async throws -> Bool? { throw Disabled() }
    func pushes() -> AsyncStream<VenuePush> { AsyncStream { $0.finish() } }
}
