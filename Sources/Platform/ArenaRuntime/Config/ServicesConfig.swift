/// The `services` section: one ``ServiceConfig`` per ``ServiceKind``, all required,
/// because every service needs every peer's address.
public struct ServicesConfig: Sendable, Equatable, Decodable {
    /// `services.supervisor`.
    public var supervisor: ServiceConfig
    /// `services.gateway`.
    public var gateway: ServiceConfig
    /// `services.features`.
    public var features: ServiceConfig
    /// `services.scorer`.
    public var scorer: ServiceConfig
    /// `services.risk`.
    public var risk: ServiceConfig
    /// `services.oms`.
    public var oms: ServiceConfig
    /// `services.reporter`.
    public var reporter: ServiceConfig
    /// `services.alerter`.
    public var alerter: ServiceConfig

    /// All sections.
    public init(
        supervisor: ServiceConfig, gateway: ServiceConfig, features: ServiceConfig, scorer: ServiceConfig, risk: ServiceConfig,
        oms: ServiceConfig, reporter: ServiceConfig, alerter: ServiceConfig
    ) {
        self.supervisor = supervisor
        self.gateway = gateway
        self.features = features
        self.scorer = scorer
        self.risk = risk
        self.oms = oms
        self.reporter = reporter
        self.alerter = alerter
    }

    /// The section of `name`.
    public subscript(_ name: ServiceKind) -> ServiceConfig {
        get { self[keyPath: Self.keyPath(name)] }
        set { self[keyPath: Self.keyPath(name)] = newValue }
    }

    private static func keyPath(_ name: ServiceKind) -> WritableKeyPath<ServicesConfig, ServiceConfig> {
        switch name {
        case .supervisor: \.supervisor
        case .gateway: \.gateway
        case .features: \.features
        case .scorer: \.scorer
        case .risk: \.risk
        case .oms: \.oms
        case .reporter: \.reporter
        case .alerter: \.alerter
        }
    }

    /// Decodes the section; every service must be present.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: ConfigCodingKey.self)
        func section(_ name: ServiceKind) throws -> ServiceConfig {
            try c.decode(ServiceConfig.self, forKey: ConfigCodingKey(stringValue: name.rawValue))
        }
        self.init(
            supervisor: try section(.supervisor), gateway: try section(.gateway), features: try section(.features), scorer: try section(.scorer),
            risk: try section(.risk), oms: try section(.oms), reporter: try section(.reporter),
            alerter: try section(.alerter)
        )
    }

    func validate(into problems: inout ConfigProblems) {
        for name in ServiceKind.allCases { self[name].validate(as: name, into: &problems) }
        for conflict in addressConflicts() { problems.add(conflict) }
    }

    /// Two sockets (bus or HTTP) of the arena that would bind the same address.
    /// Hosts overlap when equal or when either is a wildcard, so separate
    /// containers may reuse a port under different host names.
    private func addressConflicts() -> [ConfigError] {
        var claims: [(key: String, address: BoundAddress)] = []
        var conflicts: [ConfigError] = []
        for name in ServiceKind.allCases {
            let section = self[name]
            var owned: [(String, BoundAddress)] = BusSocketRole.allCases.compactMap { role in
                section.endpoint(role).map { ("services.\(name).\(role.rawValue)", BoundAddress($0)) }
            }
            if section.httpPort != 0 {
                owned.append(("services.\(name).http_port", .tcp(host: section.httpHost, port: section.httpPort)))
            }
            for (key, address) in owned {
                if let earlier = claims.first(where: { $0.address.overlaps(address) }) {
                    conflicts.append(.invalidValue(key: key, value: address.description, reason: "is already used by \(earlier.key)"))
                }
                claims.append((key, address))
            }
        }
        return conflicts
    }
}

/// An address a socket binds, for conflict checks.
private enum BoundAddress: CustomStringConvertible {
    case tcp(host: String, port: Int)
    case named(String)

    init(_ endpoint: BusEndpoint) {
        switch endpoint {
        case let .tcp(host, port): self = .tcp(host: host, port: port)
        case .ipc, .inproc: self = .named(endpoint.description)
        }
    }

    private static let wildcards: Set<String> = ["*", "0.0.0.0", "[::]", "::"]

    func overlaps(_ other: BoundAddress) -> Bool {
        switch (self, other) {
        case let (.tcp(h1, p1), .tcp(h2, p2)):
            return p1 == p2 && (h1 == h2 || Self.wildcards.contains(h1) || Self.wildcards.contains(h2))
        case let (.named(a), .named(b)):
            return a == b
        default:
            return false
        }
    }

    var description: String {
        switch self {
        case let .tcp(host, port): "\(host):\(port)"
        case let .named(name): name
        }
    }
}
