import ArenaCore
import ArenaWire
import Logging
import Synchronization

/// A worker of a ``Dispatcher`` pool (a scorer): connects a DEALER to the
/// dispatcher, announces how many jobs it runs at once, and runs each job
/// through an async handler, up to that many concurrently.
///
/// The worker's socket lives on a dedicated thread that also keeps the
/// heartbeat going, so a busy handler never makes the worker look dead.
/// Handlers run as tasks on the cooperative pool; a job the dispatcher
/// cancels (deadline passed) has its task cancelled. If the dispatcher goes
/// silent, or tells the worker to DISCONNECT, the worker cancels its jobs
/// and re-registers under a fresh session id (see the protocol in
/// `Dispatch/DispatchProtocol.swift`).
public final class Worker: JobWorker {
    /// The job handler: the job in, the result message out. Throwing
    /// reports the job as failed with the error's description.
    public typealias Handler = JobHandler

    /// Worker settings.
    public struct Options: Sendable {
        /// High-water marks, linger and limits of the DEALER socket.
        public var socket: SocketOptions
        /// CURVE settings to verify the dispatcher and authenticate to it (tcp endpoints).
        public var curve: CurveClientConfig?
        /// Jobs run at once.
        public var capacity: Int
        /// How often the worker sends HEARTBEAT.
        public var heartbeatInterval: Duration
        /// Intervals of silence from the dispatcher after which the worker starts a new session.
        public var liveness: Int
        /// The codec of results.
        public var codec: WireCodec
        /// Largest job envelope accepted.
        public var maxFrameBytes: Int

        /// Options with bus defaults.
        public init(
            socket: SocketOptions = .default, curve: CurveClientConfig? = nil, capacity: Int = 1,
            heartbeatInterval: Duration = .seconds(1), liveness: Int = 3, codec: WireCodec = .binary,
            maxFrameBytes: Int = WireProtocol.defaultMaxFrameBytes
        ) {
            self.socket = socket
            self.curve = curve
            self.capacity = capacity
            self.heartbeatInterval = heartbeatInterval
            self.liveness = liveness
            self.codec = codec
            self.maxFrameBytes = maxFrameBytes
        }
    }

    private let core: WorkerCore
    private let thread: BusThread

    /// Connects a worker named `service` to the dispatcher at `endpoints`.
    public init(
        service: ServiceName, connect endpoints: [String], options: Options = Options(),
        context: ZMQContext = .shared, clock: any ArenaClock = WallClock(), handler: @escaping Handler
    ) throws(BusError) {
        guard options.capacity >= 1, options.liveness >= 1, options.heartbeatInterval > .zero else {
            throw .invalidConfiguration("worker capacity, liveness and heartbeat interval must be positive")
        }
        guard !endpoints.isEmpty else { throw .invalidConfiguration("a worker needs the dispatcher's endpoint") }
        let inbox: LoopInbox<WorkerCore.Command>
        do { inbox = try LoopInbox() } catch { throw .zmq(error) }
        let factory = WorkerSocketFactory(context: context, options: options.socket, curve: options.curve, endpoints: endpoints)
        let core = WorkerCore(service: service.value, options: options, clock: clock, inbox: inbox, handler: handler)
        // The first session's socket is opened here so configuration errors
        // surface from init rather than in the thread.
        let first = try factory.make()
        self.core = core
        let handoff = Mutex<WorkerSocketFactory.Session?>(first)
        thread = BusThread.start(name: "wrk.\(service)") {
            guard let session = handoff.withLock({ $0.take() }) else { return }
            var loop = WorkerLoop(first: session, factory: factory, core: core)
            loop.run()
        }
    }

    deinit { core.inbox.requestStop() }

    /// Tells the dispatcher it is leaving (its jobs are re-dispatched at
    /// once), cancels running jobs, closes the socket and returns once the
    /// thread has ended.
    public func close() async {
        core.inbox.requestStop()
        await thread.join()
    }

    /// Counters since creation.
    public var statistics: WorkerStatistics {
        WorkerStatistics(
            jobs: core.jobs.value, completed: core.completed.value, failed: core.failed.value,
            cancelled: core.cancelled.value, sessions: core.sessions.value, malformed: core.malformed.value
        )
    }

    /// Test hook: the worker dies like a killed process, without a word to
    /// the dispatcher; running jobs are abandoned.
    func simulateCrash() async {
        core.inbox.post(.crash)
        await thread.join()
    }

    /// Test hook: freezes the worker's thread (no heartbeats, no messages)
    /// for `duration`, like a stopped process; handlers keep running.
    func stall(for duration: Duration) {
        core.inbox.post(.stall(duration))
    }
}

/// A worker's counters.
public struct WorkerStatistics: Sendable, Hashable {
    /// Jobs received.
    public var jobs: Int
    /// Jobs answered with a result.
    public var completed: Int
    /// Jobs answered with FAILED because the handler threw (or capacity was exceeded).
    public var failed: Int
    /// Jobs cancelled (deadline passed, session reset or shutdown).
    public var cancelled: Int
    /// Sessions opened (1 + re-registrations).
    public var sessions: Int
    /// Protocol messages that could not be parsed.
    public var malformed: Int
}

/// Opens the DEALER socket of each worker session under a fresh routing id.
struct WorkerSocketFactory: Sendable {
    struct Session {
        let socket: ZMQSocket
        let routingID: [UInt8]
    }

    let context: ZMQContext
    let options: SocketOptions
    let curve: CurveClientConfig?
    let endpoints: [String]

    func make() throws(BusError) -> Session {
        // libzmq reserves routing ids starting with a zero byte for its own.
        var routingID = (0..<16).map { _ in UInt8.random(in: 0...255) }
        routingID[0] = UInt8.random(in: 1...255)
        let socket = try PreparedSocket.make(
            .dealer, context: context, options: options, security: .client(curve), endpoints: endpoints,
            monitorLabel: nil, configure: { (socket) throws(ZMQError) in try socket.set(.routingID, routingID) }
        ).socket
        return Session(socket: socket, routingID: routingID)
    }
}

/// Worker state shared by its thread and the job tasks.
final class WorkerCore: Sendable {
    enum Command: Sendable {
        /// A job task's answer, for the session it was started in.
        case finished(session: Int, job: UInt64, frames: [[UInt8]])
        case stall(Duration)
        case crash
    }

    let inbox: LoopInbox<Command>
    let options: Worker.Options
    let name: String
    let stamper: EnvelopeStamper
    let handler: Worker.Handler
    let logger: Logger
    let jobs, completed, failed, cancelled, sessions, malformed: BusCounter
    let running: BusGauge

    init(service: String, options: Worker.Options, clock: any ArenaClock, inbox: LoopInbox<Command>, handler: @escaping Worker.Handler) {
        self.inbox = inbox
        self.options = options
        self.name = service
        self.stamper = EnvelopeStamper(source: service, clock: clock)
        self.handler = handler
        let d = [("service", service), ("pattern", "worker")]
        jobs = BusCounter(BusMetricName.received, d)
        completed = BusCounter(BusMetricName.jobsCompleted, d)
        failed = BusCounter(BusMetricName.jobsFailed, d)
        cancelled = BusCounter(BusMetricName.workerCancelled, d)
        sessions = BusCounter(BusMetricName.workerSessions, d)
        malformed = BusCounter(BusMetricName.malformed, d)
        running = BusGauge(BusMetricName.jobsInFlight, d)
        self.logger = Logger.bus("arena.bus.worker", service: "\(service)")
    }

    /// Runs one job on the calling task and posts the answer frames.
    func run(job id: UInt64, envelope frame: [UInt8], session: Int) async {
        let answer: DispatchProtocol.Message
        do {
            let job = try Envelope(parsing: frame, maxFrameBytes: options.maxFrameBytes)
            let result = try await handler(EncodedBusMessage(envelope: job))
            let encoded = try stamper.envelopeFrame(result, codec: options.codec, correlation: job.metadata.id, trace: job.metadata.trace)
            answer = .result(id: id, envelope: encoded.frame)
            completed.increment()
        } catch is CancellationError {
            answer = .failed(id: id, reason: "cancelled")
            cancelled.increment()
        } catch {
            answer = .failed(id: id, reason: "\(error)")
            failed.increment()
        }
        inbox.post(.finished(session: session, job: id, frames: DispatchProtocol.frames(answer)))
    }
}
