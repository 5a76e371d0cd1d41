import ArenaBus
import ArenaCore
import ArenaWire
import Synchronization

/// What a ``ServiceComponent`` is built on: who it runs as, its
/// configuration, the transport with the address of every service, its
/// store, and its own publisher.
///
/// The host makes one per component; the component asks it for what it
/// needs (a subscription to the gateway, a requester to the risk guard, the
/// scorer pool's dispatcher) by service name and never sees an endpoint.
/// Requests the service answers (``serve(_:)``) share its REP socket with
/// the `STATUS` control request; its counters (``reportCounters(_:)``) are in
/// every status reply.
public final class ServiceEnvironment: Sendable {
    /// Name, configuration, logger, readiness, metrics, shutdown.
    public let context: HostContext
    /// The bus the component talks over.
    public let transport: any BusTransport
    /// Where every service's sockets are on that transport.
    public let addresses: BusAddressBook
    /// The prepared store (the component's schemas are current once it resolves).
    public let store: StoreHandle
    private let ownPublisher: (any MessagePublisher)?
    private let extras = Mutex<(routes: RequestRouter, counters: @Sendable () -> [String: Int64])>((RequestRouter(), { [:] }))

    /// An environment; `publisher` is the service's own PUB when it binds one (in a lockstep
    /// replay, recording each minute for the reporter: ``RecordingPublisher``).
    public init(
        context: HostContext, transport: any BusTransport, addresses: BusAddressBook, store: StoreHandle,
        publisher: (any MessagePublisher)?
    ) {
        self.context = context
        self.transport = transport
        self.addresses = addresses
        self.store = store
        self.ownPublisher = context.config.arena.lockstep ? publisher.map { RecordingPublisher($0) } : publisher
    }

    /// The service's name.
    public var kind: ServiceKind { context.service }
    /// The whole configuration.
    public var config: ArenaConfig { context.config }

    /// A section of the configuration the service declared.
    public func section<S: ConfigSection>(_ type: S.Type) throws(ConfigError) -> S {
        try context.config.section(type)
    }

    /// The service's own publisher (its PUB socket, which also carries its heartbeats).
    ///
    /// - Throws: ``ConfigError`` when the service's descriptor binds no PUB.
    public func publisher() throws(ConfigError) -> any MessagePublisher {
        guard let ownPublisher else {
            throw .invalid(key: "services.\(kind)", value: "\(kind)", reason: "the \(kind) binds no pub socket")
        }
        return ownPublisher
    }

    /// A subscription to `peer`'s stream, taking the topic prefixes `topics`.
    public func subscribe(to peer: ServiceKind, topics: [String], bufferCapacity: Int = 4096) throws -> any MessageSubscription {
        try transport.subscriber(
            service: kind.busName, connect: [addresses.address(peer, .pub)], topics: topics, bufferCapacity: bufferCapacity
        )
    }

    /// A subscription to `peer`'s topics `topics`, which carry messages of type `M` only.
    public func subscribe<M: WireMessage>(
        to peer: ServiceKind, _ type: M.Type, topics: [String], bufferCapacity: Int = 4096
    ) throws -> TypedSubscription<M> {
        try transport.subscriber(
            of: type, service: kind.busName, connect: [addresses.address(peer, .pub)], topics: topics, bufferCapacity: bufferCapacity
        )
    }

    /// A request client for `peer`'s REP socket.
    public func requester(to peer: ServiceKind) throws -> any RequestClient {
        try transport.requester(service: kind.busName, connect: addresses.address(peer, .rep))
    }

    /// The dispatcher of the service's job pool, bound on its ROUTER address.
    public func dispatcher() throws -> any JobDispatcher {
        try transport.dispatcher(service: kind.busName, bind: addresses.address(kind, .router))
    }

    /// A worker in `peer`'s job pool, running `capacity` jobs at once with `handler`.
    public func worker(of peer: ServiceKind, capacity: Int, handler: @escaping JobHandler) throws -> any JobWorker {
        try transport.worker(service: kind.busName, connect: addresses.address(peer, .router), capacity: capacity, handler: handler)
    }

    /// Serves `routes` on the service's REP socket next to `STATUS`.
    public func serve(_ routes: RequestRouter) {
        extras.withLock { $0.routes.merge(routes) }
    }

    /// Reports `counters` (read at each request) in status replies.
    public func reportCounters(_ counters: @escaping @Sendable () -> [String: Int64]) {
        extras.withLock { $0.counters = counters }
    }

    /// The routes and counters the component registered, for the host's REP socket.
    var served: (routes: RequestRouter, counters: @Sendable () -> [String: Int64]) { extras.withLock { $0 } }
}
