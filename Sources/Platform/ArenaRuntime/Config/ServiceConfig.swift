import ArenaCore
import Logging

/// The name of one of the arena's services (spec §2): `gateway`, `features`, …
///
/// A name, not a closed list: each service module declares its own
/// (`extension ServiceKind { static let gateway: ServiceKind = "gateway" }`),
/// and the composition module's catalogue says which exist, so adding a
/// service touches no shared library. It names the service's section under
/// `services`, its logger (`arena.<name>`), its heartbeat topic and its tables' prefix.
public struct ServiceKind: RawRepresentable, Sendable, Hashable, Comparable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String

    /// A kind named `rawValue` (lower-case letters, digits and `-`; checked where a
    /// configuration names it).
    public init(rawValue: String) { self.rawValue = rawValue }

    public init(stringLiteral value: String) { self.init(rawValue: value) }

    /// The `arena up` process: starts and watches the others, prepares the store, answers status.
    public static let supervisor: ServiceKind = "supervisor"

    /// The service name on the bus (envelope `source`).
    public var busName: ServiceName { ServiceName(unchecked: rawValue) }

    public var description: String { rawValue }

    public static func < (a: ServiceKind, b: ServiceKind) -> Bool { a.rawValue < b.rawValue }
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

    /// Checks the section of `name`: `binds` are the sockets it binds, `needed` the
    /// ones its peers connect to (a peer outside the catalogue binds nothing here
    /// but must still be reachable).
    func validate(as name: ServiceKind, binds: Set<BusSocketRole>?, needed: Set<BusSocketRole>, into problems: inout ConfigProblems) {
        let prefix = "services.\(name)"
        for role in BusSocketRole.allCases {
            let key = "\(prefix).\(role.rawValue)"
            switch ((binds ?? []).contains(role) || needed.contains(role), endpoint(role)) {
            case (true, nil): problems.add(.missing(key: key))
            case let (false, endpoint?):
                let reason = binds == nil
                    ? "the \(name) does not run in this deployment and no service connects to its \(role.rawValue) socket"
                    : "the \(name) binds no \(role.rawValue) socket"
                problems.add(.invalidValue(key: key, value: endpoint.description, reason: reason))
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
