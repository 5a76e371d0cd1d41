import ArenaStore

/// A socket a service connects to: `(risk, rep)` for the feature engine
/// sending decisions to the risk guard.
public struct BusPeer: Sendable, Hashable {
    /// The service that binds it.
    public var service: ServiceKind
    /// Which of its sockets.
    public var role: BusSocketRole

    /// A peer socket.
    public init(_ service: ServiceKind, _ role: BusSocketRole) {
        self.service = service
        self.role = role
    }
}

/// What a service is, as the catalogue and the hosts need to know it
/// without building it: its name, the sockets it binds and the ones it
/// connects to, the configuration sections it reads and the tables it owns.
public struct ServiceDescriptor: Sendable {
    /// Its name (section under `services`, logger, heartbeat topic, table prefix).
    public var kind: ServiceKind
    /// One line for logs and `arena config check`.
    public var summary: String
    /// The sockets it binds (a PUB carries its heartbeats; a REP answers `STATUS`).
    public var binds: [BusSocketRole]
    /// The sockets of other services it connects to.
    public var peers: [BusPeer]
    /// The configuration sections it reads.
    public var sections: [any ConfigSection.Type]
    /// Its tables and their migrations (none for a stateless service).
    public var schemas: [ServiceSchema]

    /// A descriptor.
    public init(
        kind: ServiceKind, summary: String, binds: [BusSocketRole], peers: [BusPeer] = [],
        sections: [any ConfigSection.Type] = [], schemas: [ServiceSchema] = []
    ) {
        self.kind = kind
        self.summary = summary
        self.binds = binds
        self.peers = peers
        self.sections = sections
        self.schemas = schemas
    }
}
