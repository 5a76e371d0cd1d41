import ArenaCore

/// `execution.venue`: the live venue orders go to in `arena.mode: live` (a paper arena never calls
/// one). Keys come from the environment (`<credentials_prefix>API_KEY` and `…API_SECRET`, or the
/// files `…_FILE` name), never from this file; create them with trade permission only.
public struct LiveVenueConfig: Sendable, Equatable, Decodable {
    /// The exchange.
    public enum Exchange: String, Sendable, Codable, ConfigEnumeration {
        case binance
    }

    /// Binance's spot or USDⓈ-M futures API.
    public enum Market: String, Sendable, Codable, ConfigEnumeration {
        case spot
        case usdm
    }

    /// What the venue is: only `production` moves real money, and only with `TRADING_ENABLED=true`.
    public enum Environment: String, Sendable, Codable, ConfigEnumeration {
        case testnet
        case demo
        case production
    }

    public var exchange: Exchange
    public var market: Market
    public var environment: Environment
    /// Another base URL for the environment (a proxy, or a local stand-in in tests); the
    /// environment still says whether real money is at stake.
    public var baseURL: String?
    public var credentialsPrefix: String
    /// The longest wait for an answer before an order's outcome is unknown.
    public var requestTimeoutMs: Int
    /// How often the working orders are queried for fills (besides the user-data stream).
    public var pollMs: Int

    public init(
        exchange: Exchange = .binance, market: Market = .spot, environment: Environment = .testnet, baseURL: String? = nil,
        credentialsPrefix: String = "BINANCE_", requestTimeoutMs: Int = 10_000, pollMs: Int = 2_000
    ) {
        self.exchange = exchange
        self.market = market
        self.environment = environment
        self.baseURL = baseURL
        self.credentialsPrefix = credentialsPrefix
        self.requestTimeoutMs = requestTimeoutMs
        self.pollMs = pollMs
    }

    enum CodingKeys: String, CodingKey {
        case exchange, market, environment
        case baseURL = "base_url"
        case credentialsPrefix = "credentials_prefix"
        case requestTimeoutMs = "request_timeout_ms"
        case pollMs = "poll_ms"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = LiveVenueConfig()
        self.init(
            exchange: try c.decode(.exchange, default: d.exchange), market: try c.decode(.market, default: d.market),
            environment: try c.decode(.environment, default: d.environment), baseURL: try c.decodeIfPresent(String.self, forKey: .baseURL),
            credentialsPrefix: try c.decode(.credentialsPrefix, default: d.credentialsPrefix),
            requestTimeoutMs: try c.decode(.requestTimeoutMs, default: d.requestTimeoutMs), pollMs: try c.decode(.pollMs, default: d.pollMs)
        )
    }

    /// Whether orders here can never move real funds.
    public var isTestnetOrDemo: Bool { environment != .production }

    /// The venue as the start-up line names it.
    public var summary: String { "\(exchange.rawValue) \(market.rawValue) \(environment.rawValue)" + (baseURL.map { " (\($0))" } ?? "") }

    /// Checks the bounds and the base URL.
    public func validate(into problems: inout ConfigProblems) {
        problems.range(requestTimeoutMs, 100...120_000, key: "execution.venue.request_timeout_ms")
        problems.range(pollMs, 100...600_000, key: "execution.venue.poll_ms")
        if let baseURL {
            problems.check(baseURL.hasPrefix("https://") || baseURL.hasPrefix("http://127.0.0.1") || baseURL.hasPrefix("http://localhost"),
                           key: "execution.venue.base_url", value: baseURL, "must be https:// (plain http only to this machine)")
        }
    }
}

/// The `venue` key of the `execution` section alone: what a service that does not own the section
/// (the risk guard) reads to log the trading switch.
public struct ExecutionVenueKey: Sendable, Decodable {
    public var venue: LiveVenueConfig?
}

extension TradingSwitch {
    /// The switch of `settings` at `venue` (paper mode: paper, whatever the venue).
    public static func of(_ settings: ArenaSettings, venue: LiveVenueConfig?) -> TradingSwitch {
        decide(
            live: settings.mode == .live, tradingEnabled: settings.tradingEnabled, venue: venue?.summary ?? "no venue configured",
            isTestnetOrDemo: venue?.isTestnetOrDemo ?? false
        )
    }
}

extension ArenaSettings {
    /// The venue orders are stamped with: the paper venue, or in live mode the universe's venue.
    public func orderVenue(_ universe: UniverseConfig) -> VenueID { mode == .live ? universe.venue : ExecutionVenues.paper }
}
