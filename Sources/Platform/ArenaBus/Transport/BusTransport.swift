import ArenaCore
import ArenaWire

/// Makes the bus objects a service uses, on one transport: ZeroMQ sockets
/// (``ZeroMQTransport``), or the in-process transport (``InProcessBus``)
/// when services share a process (the single-process run, the backtest,
/// fast tests).
///
/// Addresses name where a bound object is found: a ZeroMQ endpoint
/// (`tcp://127.0.0.1:7101`) for ZeroMQ, any name (`gateway.pub`) in process.
/// As with ZeroMQ, a client may be made before the object it connects to is bound.
public protocol BusTransport: Sendable {
    /// A publisher for `service` bound at `address`.
    func publisher(service: ServiceName, bind address: String) throws(BusError) -> any MessagePublisher
    /// A subscription of `service` to the publishers at `addresses`, taking `topics` (prefixes).
    func subscriber(
        service: ServiceName, connect addresses: [String], topics: [String], bufferCapacity: Int
    ) throws(BusError) -> any MessageSubscription
    /// A subscription of `service` to the publishers at `addresses`, taking
    /// `topics` that carry messages of type `M` only, received as values of it.
    func subscriber<M: WireMessage>(
        of type: M.Type, service: ServiceName, connect addresses: [String], topics: [String], bufferCapacity: Int
    ) throws(BusError) -> TypedSubscription<M>
    /// A request client of `service` for the server at `address`.
    func requester(service: ServiceName, connect address: String) throws(BusError) -> any RequestClient
    /// A request server of `service` bound at `address`, answering with `handler`.
    func replier(service: ServiceName, bind address: String, handler: @escaping RequestHandler) throws(BusError) -> any RequestServer
    /// A job dispatcher of `service` bound at `address`.
    func dispatcher(service: ServiceName, bind address: String) throws(BusError) -> any JobDispatcher
    /// A worker named `service` in the pool of the dispatcher at `address`, running `capacity` jobs at once.
    func worker(
        service: ServiceName, connect address: String, capacity: Int, handler: @escaping JobHandler
    ) throws(BusError) -> any JobWorker
    /// The clock messages are stamped with and deadlines run on.
    var clock: any ArenaClock { get }
}

extension BusTransport {
    /// A typed view of an untyped subscription, decoding each message as it
    /// is taken: what an encoding transport does anyway.
    public func subscriber<M: WireMessage>(
        of type: M.Type, service: ServiceName, connect addresses: [String], topics: [String], bufferCapacity: Int
    ) throws(BusError) -> TypedSubscription<M> {
        TypedSubscription(
            decoding: try subscriber(service: service, connect: addresses, topics: topics, bufferCapacity: bufferCapacity),
            service: service
        )
    }
}
