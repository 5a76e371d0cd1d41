import ArenaCore
import ArenaWire

/// The ZeroMQ transport: services in separate processes (or containers),
/// over `tcp://`, `ipc://` or `inproc://` endpoints, with the envelope
/// codec, CURVE and heartbeats of the bus settings.
public struct ZeroMQTransport: BusTransport {
    /// The bus behaviour every socket of a service shares.
    public struct Settings: Sendable {
        /// High-water marks and linger for every socket.
        public var socket: SocketOptions
        /// The codec to send with.
        public var codec: WireCodec
        /// CURVE for sockets this service binds; nil when off.
        public var curveServer: CurveServerConfig?
        /// CURVE for sockets this service connects; nil when off.
        public var curveClient: CurveClientConfig?
        /// Request timeout per attempt and lazy-pirate resends.
        public var requestTimeout: Duration
        public var requestRetries: Int
        /// Heartbeat period of dispatchers and workers, and the misses after which a peer is dead.
        public var heartbeatInterval: Duration
        public var heartbeatLiveness: Int

        /// Settings with bus defaults.
        public init(
            socket: SocketOptions = .default, codec: WireCodec = .binary, curveServer: CurveServerConfig? = nil,
            curveClient: CurveClientConfig? = nil, requestTimeout: Duration = .seconds(2), requestRetries: Int = 3,
            heartbeatInterval: Duration = .seconds(1), heartbeatLiveness: Int = 3
        ) {
            self.socket = socket
            self.codec = codec
            self.curveServer = curveServer
            self.curveClient = curveClient
            self.requestTimeout = requestTimeout
            self.requestRetries = requestRetries
            self.heartbeatInterval = heartbeatInterval
            self.heartbeatLiveness = heartbeatLiveness
        }
    }

    public let settings: Settings
    public let context: ZMQContext
    public let clock: any ArenaClock

    /// A transport with `settings`, stamping with `clock` (the wall clock in production).
    public init(settings: Settings = Settings(), context: ZMQContext = .shared, clock: any ArenaClock = WallClock()) {
        self.settings = settings
        self.context = context
        self.clock = clock
    }

    public func publisher(service: ServiceName, bind address: String) throws(BusError) -> any MessagePublisher {
        try Publisher(
            service: service, bind: [address],
            options: Publisher.Options(socket: settings.socket, curve: settings.curveServer, codec: settings.codec),
            context: context, clock: clock
        )
    }

    public func subscriber(
        service: ServiceName, connect addresses: [String], topics: [String], bufferCapacity: Int
    ) throws(BusError) -> any MessageSubscription {
        try Subscriber(
            service: service, connect: addresses, topics: topics,
            options: Subscriber.Options(socket: settings.socket, curve: settings.curveClient, bufferCapacity: bufferCapacity),
            context: context
        )
    }

    public func requester(service: ServiceName, connect address: String) throws(BusError) -> any RequestClient {
        try Requester(
            service: service, connect: [address],
            options: Requester.Options(
                socket: settings.socket, curve: settings.curveClient, timeout: settings.requestTimeout,
                retries: settings.requestRetries, codec: settings.codec
            ),
            context: context, clock: clock
        )
    }

    public func replier(service: ServiceName, bind address: String, handler: @escaping RequestHandler) throws(BusError) -> any RequestServer {
        try Replier(
            service: service, bind: [address],
            options: Replier.Options(socket: settings.socket, curve: settings.curveServer, codec: settings.codec),
            context: context, clock: clock, handler: handler
        )
    }

    public func dispatcher(service: ServiceName, bind address: String) throws(BusError) -> any JobDispatcher {
        try Dispatcher(
            service: service, bind: [address],
            options: Dispatcher.Options(
                socket: settings.socket, curve: settings.curveServer, heartbeatInterval: settings.heartbeatInterval,
                liveness: settings.heartbeatLiveness, codec: settings.codec
            ),
            context: context, clock: clock
        )
    }

    public func worker(
        service: ServiceName, connect address: String, capacity: Int, handler: @escaping JobHandler
    ) throws(BusError) -> any JobWorker {
        try Worker(
            service: service, connect: [address],
            options: Worker.Options(
                socket: settings.socket, curve: settings.curveClient, capacity: capacity,
                heartbeatInterval: settings.heartbeatInterval, liveness: settings.heartbeatLiveness, codec: settings.codec
            ),
            context: context, clock: clock, handler: handler
        )
    }
}
