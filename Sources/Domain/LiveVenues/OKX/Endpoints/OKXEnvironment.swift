import Foundation

/// Where an OKX client sends its requests, and whether that place trades real money.
///
/// OKX serves demo trading on the production REST host: a request carrying the header
/// `x-simulated-trading: 1` (and a demo-trading API key) trades the demo account
/// (www.okx.com/docs-v5/en/#overview-demo-trading-services). Demo is the default; production is
/// used only when named explicitly (``production()``, or `"production"` in ``named(_:)``).
/// ``isTestnetOrDemo`` is what the live-trading switch reads.
public struct OKXEnvironment: Sendable, Hashable, CustomStringConvertible {
    /// What kind of venue the URLs are.
    public enum Kind: String, Sendable, Hashable {
        /// OKX demo trading: no real funds.
        case demo
        /// The real exchange.
        case production
        /// A local stand-in (the fake in tests): no real funds.
        case local
    }

    public let kind: Kind
    /// Scheme and host of the REST API, without a trailing slash.
    public let restBaseURL: String
    /// The private WebSocket (order updates).
    public let privateWebSocketURL: String
    /// Whether every request carries `x-simulated-trading: 1`.
    public let simulatedTrading: Bool

    /// The REST host, production and demo alike.
    public static let restURL = "https://www.okx.com"
    /// The demo private WebSocket.
    public static let demoPrivateWebSocketURL = "wss://wspap.okx.com:8443/ws/v5/private"
    /// The production private WebSocket: only through ``production()``.
    public static let productionPrivateWebSocketURL = "wss://ws.okx.com:8443/ws/v5/private"

    private init(kind: Kind, restBaseURL: String, privateWebSocketURL: String, simulatedTrading: Bool) {
        self.kind = kind
        self.restBaseURL = restBaseURL.hasSuffix("/") ? String(restBaseURL.dropLast()) : restBaseURL
        self.privateWebSocketURL = privateWebSocketURL
        self.simulatedTrading = simulatedTrading
    }

    /// The default: OKX demo trading.
    public static func demo() -> OKXEnvironment {
        OKXEnvironment(kind: .demo, restBaseURL: restURL, privateWebSocketURL: demoPrivateWebSocketURL, simulatedTrading: true)
    }

    /// The real exchange: real money. Only a configuration that names it gets it.
    public static func production() -> OKXEnvironment {
        OKXEnvironment(kind: .production, restBaseURL: restURL, privateWebSocketURL: productionPrivateWebSocketURL, simulatedTrading: false)
    }

    /// A local stand-in (tests): never real money. `simulatedTrading` says whether the demo header is sent.
    public static func local(restBaseURL: String, privateWebSocketURL: String, simulatedTrading: Bool = true) -> OKXEnvironment {
        OKXEnvironment(kind: .local, restBaseURL: restBaseURL, privateWebSocketURL: privateWebSocketURL, simulatedTrading: simulatedTrading)
    }

    /// The environment a configuration names: nothing or `demo` → demo, `production` → production;
    /// anything else is an error (any doubt: no real orders).
    public static func named(_ name: String?) throws(OKXEnvironmentError) -> OKXEnvironment {
        switch name?.trimmingCharacters(in: .whitespaces).lowercased() ?? "" {
        case "", "demo": demo()
        case "production": production()
        case let other: throw OKXEnvironmentError(name: other)
        }
    }

    /// Whether orders here can never move real funds (demo, a local stand-in).
    public var isTestnetOrDemo: Bool { kind != .production }

    public var description: String { "okx \(kind.rawValue) (\(restBaseURL)\(simulatedTrading ? ", simulated trading" : ""))" }
}

/// A configuration named an OKX environment that does not exist.
public struct OKXEnvironmentError: Error, Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var description: String { "unknown OKX environment \"\(name.prefix(32))\" (demo or production)" }
}
