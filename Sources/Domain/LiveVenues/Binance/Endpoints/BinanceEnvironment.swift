import ArenaCore

/// Which Binance market a client trades: spot (`/api/v3`) or USDⓈ-M futures (`/fapi/v1`).
public enum BinanceMarket: String, Sendable, Hashable, CaseIterable {
    case spot
    case usdm

    /// The arena's kind of market.
    public var marketKind: MarketKind { self == .spot ? .spot : .perpetual }
}

/// Where a client sends its requests, and whether that place trades real money.
///
/// Testnet (or demo) is the default; production is used only when it is named
/// explicitly (``production(_:)``). ``isTestnetOrDemo`` is what the live-trading
/// switch reads: real orders go out only when it is false *and* trading is enabled.
public struct BinanceEnvironment: Sendable, Hashable, CustomStringConvertible {
    /// What kind of venue the base URL is.
    public enum Kind: String, Sendable, Hashable {
        /// Binance's test network: no real funds.
        case testnet
        /// Binance's demo trading: no real funds.
        case demo
        /// The real exchange.
        case production
        /// A local stand-in (the fake exchange in tests): no real funds.
        case local
    }

    public let market: BinanceMarket
    public let kind: Kind
    /// Scheme and host, without a trailing slash.
    public let baseURL: String
    /// Whether `baseURL` was given (``at(baseURL:)``): the streams are then reached at the same host.
    private var relocated = false

    /// Binance's spot test network, `https://testnet.binance.vision`.
    public static let spotTestnetURL = "https://testnet.binance.vision"
    /// Binance's spot demo trading, `https://demo-api.binance.com`.
    public static let spotDemoURL = "https://demo-api.binance.com"
    /// Binance's USDⓈ-M test network, `https://testnet.binancefuture.com`.
    public static let usdmTestnetURL = "https://testnet.binancefuture.com"
    /// Production hosts: only through ``production(_:)``.
    public static let spotProductionURL = "https://api.binance.com"
    public static let usdmProductionURL = "https://fapi.binance.com"

    private init(market: BinanceMarket, kind: Kind, baseURL: String) {
        self.market = market
        self.kind = kind
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
    }

    /// The default: Binance's test network for `market`.
    public static func testnet(_ market: BinanceMarket) -> BinanceEnvironment {
        BinanceEnvironment(market: market, kind: .testnet, baseURL: market == .spot ? spotTestnetURL : usdmTestnetURL)
    }

    /// Spot demo trading.
    public static func spotDemo() -> BinanceEnvironment {
        BinanceEnvironment(market: .spot, kind: .demo, baseURL: spotDemoURL)
    }

    /// The real exchange: real money. Only a configuration that names it gets it.
    public static func production(_ market: BinanceMarket) -> BinanceEnvironment {
        BinanceEnvironment(market: market, kind: .production, baseURL: market == .spot ? spotProductionURL : usdmProductionURL)
    }

    /// A local stand-in at `baseURL` (tests): never real money.
    public static func local(_ market: BinanceMarket, baseURL: String) -> BinanceEnvironment {
        BinanceEnvironment(market: market, kind: .local, baseURL: baseURL)
    }

    /// The same environment reached at `baseURL` (a proxy, or a local stand-in in tests): what it
    /// is — testnet, demo or the real exchange — does not change with the address.
    public func at(baseURL: String) -> BinanceEnvironment {
        var moved = BinanceEnvironment(market: market, kind: kind, baseURL: baseURL)
        moved.relocated = true
        return moved
    }

    /// Where the user-data stream connects: spot's WebSocket API (`…/ws-api/v3`, where
    /// `userDataStream.subscribe.signature` is sent), or USDⓈ-M's stream base (`/ws/<listenKey>` is appended).
    /// A local stand-in serves both on its own port (`ws://host:port/ws-api/v3`, `ws://host:port`).
    public var webSocketURL: String {
        // A relocated environment or a local stand-in serves the streams at its own host.
        let atOwnHost = "ws" + baseURL.dropFirst(baseURL.hasPrefix("https") ? 5 : 4) + (market == .spot ? "/ws-api/v3" : "")
        if relocated { return atOwnHost }
        return switch (kind, market) {
        case (.production, .spot): "wss://ws-api.binance.com:443/ws-api/v3"
        case (.production, .usdm): "wss://fstream.binance.com"
        case (.demo, _): "wss://demo-ws-api.binance.com/ws-api/v3"
        case (.testnet, .spot): "wss://ws-api.testnet.binance.vision/ws-api/v3"
        case (.testnet, .usdm): "wss://fstream.binancefuture.com"
        case (.local, _): atOwnHost
        }
    }

    /// Whether orders here can never move real funds (testnet, demo, a local stand-in).
    public var isTestnetOrDemo: Bool { kind != .production }

    /// The REST path of `endpoint` on this market.
    public func path(_ endpoint: BinanceEndpoint) -> String { endpoint.path(market) }

    public var description: String { "binance \(market.rawValue) \(kind.rawValue) (\(baseURL))" }
}

/// The REST endpoints the trading client calls.
public enum BinanceEndpoint: String, Sendable, CaseIterable {
    case time, exchangeInfo, order, openOrders, account, trades
    /// The user-data stream's listen key (USDⓈ-M; spot's REST listen key is deprecated and not used).
    case listenKey

    /// The path on `market`: `/api/v3/…` on spot, `/fapi/v1/…` (account: `/fapi/v2/account`) on USDⓈ-M.
    public func path(_ market: BinanceMarket) -> String {
        switch (self, market) {
        case (.time, .spot): "/api/v3/time"
        case (.time, .usdm): "/fapi/v1/time"
        case (.exchangeInfo, .spot): "/api/v3/exchangeInfo"
        case (.exchangeInfo, .usdm): "/fapi/v1/exchangeInfo"
        case (.order, .spot): "/api/v3/order"
        case (.order, .usdm): "/fapi/v1/order"
        case (.openOrders, .spot): "/api/v3/openOrders"
        case (.openOrders, .usdm): "/fapi/v1/openOrders"
        case (.account, .spot): "/api/v3/account"
        // USDⓈ-M has no v1 account endpoint; v2 carries `canWithdraw` and the per-asset balances.
        case (.account, .usdm): "/fapi/v2/account"
        case (.trades, .spot): "/api/v3/myTrades"
        case (.trades, .usdm): "/fapi/v1/userTrades"
        case (.listenKey, .spot): "/api/v3/userDataStream"
        case (.listenKey, .usdm): "/fapi/v1/listenKey"
        }
    }
}
