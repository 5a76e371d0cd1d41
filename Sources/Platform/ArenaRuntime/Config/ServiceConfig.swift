import Logging

/// The arena's services (spec §2). Each has a section under `services`.
public enum ServiceKind: String, Sendable, Hashable, Codable, CaseIterable, ConfigEnumeration, CustomStringConvertible {
    /// The `arena up` process: starts and watches the others, answers status.
    case supervisor
    /// Market gateway.
    case gateway
    /// Feature engine and arena clock.
    case features
    /// Scorer workers (any number of replicas).
    case scorer
    /// Risk guard.
    case risk
    /// Order management.
    case oms
    /// Reporter, dashboard and HTTP API.
    case reporter
    /// Alert delivery.
    case alerter

    /// A one-line description for logs and messages.
    public var description: String { rawValue }

    /// The sockets this service binds, following DESIGN.md's topology. Every
    /// service but the scorer binds a PUB socket (its streams, alerts and
    /// heartbeats); scorers bind nothing because they connect out, which is what
    /// lets `--scale scorer=N` work without configuration.
    public var boundSockets: [BusSocketRole] {
        switch self {
        case .supervisor: [.pub, .rep]  // its heartbeats; status and control requests
        case .gateway: [.pub, .rep]  // md.* stream; history queries
        case .features: [.pub, .router]  // feat.*, round.*, decision.*; scoring jobs
        case .scorer: []
        case .risk: [.pub, .rep]  // risk.*; intents from features
        case .oms: [.pub, .rep]  // order.*, fill.*, acct.*; orders from risk
        case .reporter: [.pub]  // reports and alerts
        case .alerter: [.pub]  // delivery failures and heartbeats
        }
    }
}

/// A kind of socket a service binds, named as its configuration key.
public enum BusSocketRole: String, Sendable, Hashable, CaseIterable {
    /// Publishes streams.
    case pub
    /// Answers requests.
    case rep
    /// Dispatches jobs to connected workers.
    case router
}

/// One `services.<name>` section.
public struct ServiceConfig: Sendable, Equatable, Decodable {
    /// Where the PUB socket binds and subscribers connect.
    public var pub: BusEndpoint?
    /// Where the REP socket binds and requesters connect.
    public var rep: BusEndpoint?
    /// Where the ROUTER socket binds and workers connect.
    public var router: BusEndpoint?
    /// The interface the health and metrics server listens on.
    public var httpHost: String
    /// The health and metrics port; 0 picks a free port (tests, several scorers on one machine).
    public var httpPort: Int
    /// This service's log level; `nil` uses `logging.level`.
    public var logLevel: Logger.Level?

    /// Loopback by default, so that a local run exposes nothing; containers set `0.0.0.0`.
    public static let defaultHTTPHost = "127.0.0.1"

    /// A service section.
    public init(
        pub: BusEndpoint? = nil, rep: BusEndpoint? = nil, router: BusEndpoint? = nil,
        httpHost: String = ServiceConfig.defaultHTTPHost, httpPort: Int, logLevel: Logger.Level? = nil
    ) {
        self.pub = pub
        self.rep = rep
        self.router = router
        self.httpHost = httpHost
        self.httpPort = httpPort
        self.logLevel = logLevel
    }

    /// The endpoint configured for `role`.
    public func endpoint(_ role: BusSocketRole) -> BusEndpoint? {
        switch role {
        case .pub: pub
        case .rep: rep
        case .router: router
        }
    }

    enum CodingKeys: String, CodingKey {
        case pub, rep, router
        case httpHost = "http_host"
        case httpPort = "http_port"
        case logLevel = "log_level"
    }

    /// Decodes the section; absent keys take the documented defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            pub: try c.decodeIfPresent(BusEndpoint.self, forKey: .pub),
            rep: try c.decodeIfPresent(BusEndpoint.self, forKey: .rep),
            router: try c.decodeIfPresent(BusEndpoint.self, forKey: .router),
            httpHost: try c.decode(.httpHost, default: Self.defaultHTTPHost),
            httpPort: try c.decode(Int.self, forKey: .httpPort),
            logLevel: try c.decodeIfPresent(Logger.Level.self, forKey: .logLevel)
        )
    }

    func validate(as name: ServiceKind, into problems: inout ConfigProblems) {
        let prefix = "services.\(name)"
        for role in BusSocketRole.allCases {
            let key = "\(prefix).\(role.rawValue)"
            let binds = name.boundSockets.contains(role)
            switch (binds, endpoint(role)) {
            case (true, nil): problems.add(.missing(key: key))
            case let (false, endpoint?):
                problems.add(.invalidValue(key: key, value: endpoint.description, reason: "the \(name) binds no \(role.rawValue) socket"))
            default: break
            }
        }
        problems.check(
            BusEndpoint.isValidHost(httpHost[...]) && httpHost != "*", key: "\(prefix).http_host", value: httpHost,
            "must be an IP address or a host name"
        )
        problems.range(httpPort, 0...65_535, key: "\(prefix).http_port")
    }
}
