/// The `services` section: the arena's address book, one ``ServiceConfig``
/// per service (its endpoints, health port and log level).
///
/// Which names it may hold and which endpoints each needs come from the
/// catalogue of services (``ServiceCatalogue``): every service of the
/// catalogue, plus the peers they connect to (a risk guard run elsewhere).
public struct ServicesConfig: Sendable, Equatable, Decodable {
    /// The sections by service name.
    public var entries: [ServiceKind: ServiceConfig]

    /// An address book.
    public init(_ entries: [ServiceKind: ServiceConfig]) {
        self.entries = entries
    }

    /// The section of `name`, if the file has one.
    public subscript(_ name: ServiceKind) -> ServiceConfig? {
        get { entries[name] }
        set { entries[name] = newValue }
    }

    /// The services named, sorted.
    public var names: [ServiceKind] { entries.keys.sorted() }

    /// Decodes every entry; names are checked against the catalogue by ``validate(catalogue:into:)``.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: ConfigCodingKey.self)
        var entries: [ServiceKind: ServiceConfig] = [:]
        // Every entry is read even after a bad one, so one start reports them all
        // (and the keys of the entries after it are not taken for unknown).
        var problems: [ConfigError] = []
        for key in c.allKeys {
            do { entries[ServiceKind(rawValue: key.stringValue)] = try c.decode(ServiceConfig.self, forKey: key) } catch let error as ConfigError {
                problems.append(error)
            }
        }
        if let error = ConfigError.combining(problems) { throw error }
        self.init(entries)
    }

    /// Every service of `catalogue` must have a section with the sockets it
    /// binds; every peer a service connects to must have the endpoint it uses;
    /// any other name is unknown; no two sockets may share an address.
    func validate(catalogue: ServiceCatalogue, into problems: inout ConfigProblems) {
        let order = catalogue.descriptors.map(\.kind) + catalogue.descriptors.flatMap { $0.peers.map(\.service) } + names
        var binds: [ServiceKind: Set<BusSocketRole>] = [:]
        var needed: [ServiceKind: Set<BusSocketRole>] = [:]
        for descriptor in catalogue.descriptors {
            binds[descriptor.kind, default: []].formUnion(descriptor.binds)
            for peer in descriptor.peers { needed[peer.service, default: []].insert(peer.role) }
        }
        for name in Set(binds.keys).union(needed.keys).sorted() where entries[name] == nil {
            problems.add(.missing(key: "services.\(name)"))
        }
        for name in names {
            guard binds[name] != nil || needed[name] != nil else {
                problems.add(.unknownKey(key: "services.\(name)"))
                continue
            }
            entries[name]?.validate(as: name, binds: binds[name], needed: needed[name] ?? [], into: &problems)
        }
        for conflict in addressConflicts(order: order) { problems.add(conflict) }
    }

    /// Two sockets (bus or HTTP) of the arena that would bind the same address.
    /// Hosts overlap when equal or when either is a wildcard, so separate
    /// containers may reuse a port under different host names.
    /// The catalogue's order names who claimed an address first.
    private func addressConflicts(order: [ServiceKind]) -> [ConfigError] {
        var claims: [(key: String, address: BoundAddress)] = []
        var conflicts: [ConfigError] = []
        var seen: Set<ServiceKind> = []
        for name in order where seen.insert(name).inserted {
            guard let section = entries[name] else { continue }
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
