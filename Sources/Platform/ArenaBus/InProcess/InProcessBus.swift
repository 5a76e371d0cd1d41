import ArenaCore
import ArenaWire
import Synchronization

/// The in-process transport: services in one process (the single-process
/// run, the backtest, fast tests) exchange messages as values, never
/// encoded, with the ZeroMQ transport's semantics — per-topic order and
/// sequence numbers, gap reports when a subscriber's buffer overflows,
/// request retries answered from the server's memory, load-balanced jobs
/// with deadlines.
///
/// Everything that waits (request timeouts, job deadlines) waits on
/// ``clock``: on a ``ArenaCore/SimulatedClock`` a run is deterministic, its
/// timeouts firing exactly when the driver moves the clock past them.
/// Product code, not test support.
public final class InProcessBus: BusTransport {
    public let clock: any ArenaClock
    /// Request timeout and resends of requesters made here.
    public let requestTimeout: Duration
    public let requestRetries: Int
    private let hubs = Registry<InProcessHub> { InProcessHub() }
    private let replyPoints = Registry<InProcessReplyPoint> { InProcessReplyPoint() }
    private let pools: Registry<InProcessJobPool>

    /// A transport whose stamps, timeouts and deadlines follow `clock`.
    public init(clock: any ArenaClock = WallClock(), requestTimeout: Duration = .seconds(2), requestRetries: Int = 3) {
        self.clock = clock
        self.requestTimeout = requestTimeout
        self.requestRetries = requestRetries
        pools = Registry { InProcessJobPool(clock: clock) }
    }

    public func publisher(service: ServiceName, bind address: String) throws(BusError) -> any MessagePublisher {
        let hub = hubs[address]
        guard hub.bound.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else {
            throw .addressInUse(address)
        }
        return InProcessPublisher(service: service, hub: hub, clock: clock)
    }

    public func subscriber(
        service: ServiceName, connect addresses: [String], topics: [String], bufferCapacity: Int
    ) throws(BusError) -> any MessageSubscription {
        guard bufferCapacity >= 1 else { throw .invalidConfiguration("a subscriber's buffer must hold at least one message") }
        return InProcessSubscription(hubs: addresses.map { hubs[$0] }, topics: topics, bufferCapacity: bufferCapacity)
    }

    public func subscriber<M: WireMessage>(
        of type: M.Type, service: ServiceName, connect addresses: [String], topics: [String], bufferCapacity: Int
    ) throws(BusError) -> TypedSubscription<M> {
        guard bufferCapacity >= 1 else { throw .invalidConfiguration("a subscriber's buffer must hold at least one message") }
        let source = InProcessTypedSubscription<M>(
            service: service, hubs: addresses.map { hubs[$0] }, topics: topics, bufferCapacity: bufferCapacity
        )
        return TypedSubscription(messages: TypedMessages(source: .local(source.feed)), control: source, mistyped: source.mistyped)
    }

    public func requester(service: ServiceName, connect address: String) throws(BusError) -> any RequestClient {
        InProcessRequester(
            service: service, point: replyPoints[address], clock: clock, timeout: requestTimeout, retries: requestRetries
        )
    }

    public func replier(service: ServiceName, bind address: String, handler: @escaping RequestHandler) throws(BusError) -> any RequestServer {
        let point = replyPoints[address]
        let server = InProcessReplier(service: service, address: address, point: point, clock: clock, handler: handler)
        try point.bind(server)
        return server
    }

    public func dispatcher(service: ServiceName, bind address: String) throws(BusError) -> any JobDispatcher {
        InProcessDispatcher(service: service, pool: pools[address])
    }

    public func worker(
        service: ServiceName, connect address: String, capacity: Int, handler: @escaping JobHandler
    ) throws(BusError) -> any JobWorker {
        guard capacity >= 1 else { throw .invalidConfiguration("a worker's capacity must be at least 1") }
        return InProcessWorker(service: service, pool: pools[address], capacity: capacity, handler: handler)
    }
}

/// Objects by address, made on first use by either side.
final class Registry<Object: Sendable>: Sendable {
    private let objects = Mutex<[String: Object]>([:])
    private let make: @Sendable () -> Object

    init(make: @escaping @Sendable () -> Object) { self.make = make }

    subscript(address: String) -> Object {
        objects.withLock { table in
            if let existing = table[address] { return existing }
            let made = make()
            table[address] = made
            return made
        }
    }
}
