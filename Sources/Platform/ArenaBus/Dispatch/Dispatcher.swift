import ArenaCore
import ArenaWire
import Logging
import Metrics
import Synchronization

/// Load-balances jobs over a pool of ``Worker``s (the scorer pool): the
/// dispatcher binds a ROUTER, workers connect with DEALERs, so adding
/// workers needs no configuration. The frame protocol is documented in
/// `Dispatch/DispatchProtocol.swift` (and in `proto/PROTOCOL.md`).
///
/// ``submit(_:deadline:trace:)`` may be called from many tasks at
/// once; every call ends with exactly one ``JobOutcome``: completed by some
/// worker, timed out at its deadline, or failed. Jobs are pipelined (a
/// worker runs up to its announced capacity at once, so a slow job never
/// blocks the others); workers that miss heartbeats are declared dead and
/// their jobs re-dispatched; a job is never held by two live workers.
///
/// The ROUTER socket lives on one dedicated thread with a poll loop; a
/// submission reaches it through a lock-protected queue and a wake-up pipe,
/// and its continuation is resumed straight from that thread.
public final class Dispatcher: JobDispatcher {
    /// Dispatcher settings.
    public struct Options: Sendable {
        /// High-water marks, linger and limits of the ROUTER socket.
        public var socket: SocketOptions
        /// CURVE encryption and worker authorization (tcp endpoints).
        public var curve: CurveServerConfig?
        /// How often the dispatcher sends HEARTBEAT to each worker.
        public var heartbeatInterval: Duration
        /// Heartbeat intervals of silence after which a worker is dead.
        public var liveness: Int
        /// Upper bound on the capacity a worker may announce.
        public var maxWorkerCapacity: Int
        /// How many dead worker sessions are remembered (to answer them with DISCONNECT).
        public var deadSessionMemory: Int
        /// The codec of job envelopes.
        public var codec: WireCodec
        /// Largest result envelope accepted.
        public var maxFrameBytes: Int
        /// Start a ``SocketMonitor`` on the socket.
        public var monitor: Bool

        /// Options with bus defaults.
        public init(
            socket: SocketOptions = .default, curve: CurveServerConfig? = nil, heartbeatInterval: Duration = .seconds(1),
            liveness: Int = 3, maxWorkerCapacity: Int = 256, deadSessionMemory: Int = 4096, codec: WireCodec = .binary,
            maxFrameBytes: Int = WireProtocol.defaultMaxFrameBytes, monitor: Bool = false
        ) {
            self.socket = socket
            self.curve = curve
            self.heartbeatInterval = heartbeatInterval
            self.liveness = liveness
            self.maxWorkerCapacity = maxWorkerCapacity
            self.deadSessionMemory = deadSessionMemory
            self.codec = codec
            self.maxFrameBytes = maxFrameBytes
            self.monitor = monitor
        }
    }

    /// The endpoints bound, with wildcard ports resolved.
    public let endpoints: [String]
    /// Connection events, when ``Options/monitor`` is set.
    public let monitor: SocketMonitor?
    private let core: DispatcherCore
    private let thread: BusThread
    private let zapRegistration: ZAPRegistration?

    /// Binds a dispatcher for `service` to `endpoints`.
    public init(
        service: ServiceName, bind endpoints: [String], options: Options = Options(),
        context: ZMQContext = .shared, clock: any ArenaClock = WallClock()
    ) throws(BusError) {
        guard options.liveness >= 1, options.heartbeatInterval > .zero, options.maxWorkerCapacity >= 1 else {
            throw .invalidConfiguration("dispatcher heartbeat interval, liveness and max worker capacity must be positive")
        }
        let prepared = try PreparedSocket.make(
            .router, context: context, options: options.socket, security: .server(options.curve),
            endpoints: endpoints, monitorLabel: options.monitor ? "dispatch.\(service)" : nil,
            configure: { (socket) throws(ZMQError) in
                // Sending to a worker that is gone must fail (and mark it
                // dead) rather than vanish silently.
                try socket.set(.routerMandatory, true)
            }
        )
        let inbox: LoopInbox<DispatcherCore.Command>
        do { inbox = try LoopInbox() } catch { throw .zmq(error) }
        let core = DispatcherCore(service: service.value, options: options, clock: clock, inbox: inbox)
        self.core = core
        self.endpoints = prepared.endpoints
        self.monitor = prepared.monitor
        self.zapRegistration = prepared.zapRegistration
        let handoff = Mutex<ZMQSocket?>(prepared.socket)
        thread = BusThread.start(name: "disp.\(service)") {
            guard let socket = handoff.withLock({ $0.take() }) else { return }
            var loop = DispatcherLoop(socket: socket, core: core)
            loop.run()
            socket.close()
        }
    }

    deinit { core.inbox.requestStop() }

    /// Submits a job built from `jobPayload` (stamped with this dispatcher's
    /// service, instance and sequence, and `trace`) and waits for its outcome.
    ///
    /// - Parameter deadline: from now; when it passes the outcome is
    ///   ``JobOutcome/timedOut`` (queue time included).
    public func submit<M: WireMessage>(_ jobPayload: M, deadline: Duration, trace: String?) async -> JobOutcome {
        let frame: [UInt8]
        do { frame = try core.stamper.envelopeFrame(jobPayload, codec: core.options.codec, trace: trace).frame } catch {
            core.failed.increment()
            return .failed(.encoding(error))
        }
        return await submit(frame: frame, deadline: deadline)
    }

    /// Submits a ready-made job envelope (its metadata is sent as is).
    public func submit(envelope: Envelope, deadline: Duration) async -> JobOutcome {
        let frame: [UInt8]
        do { frame = try envelope.serialized() } catch {
            core.failed.increment()
            return .failed(.encoding(error))
        }
        return await submit(frame: frame, deadline: deadline)
    }

    private func submit(frame: [UInt8], deadline: Duration) async -> JobOutcome {
        let now = MonotonicClock.nanoseconds()
        let id = core.nextJobID()
        let raw = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<DispatcherCore.RawOutcome, Never>) in
                let job = DispatcherCore.Job(
                    id: id, frame: frame, submittedAt: now,
                    deadline: now &+ Poller.nanoseconds(deadline), continuation: continuation
                )
                switch core.inbox.post(.submit(job), admit: { !Task.isCancelled }) {
                case .posted: break
                case .stopped: continuation.resume(returning: .failed(.closed))
                case .refused: continuation.resume(returning: .failed(.cancelled))
                }
            }
        } onCancel: {
            core.inbox.post(.cancel(id))
        }
        return core.finish(raw)
    }

    /// Fails every unfinished job with ``JobFailure/closed``, tells the
    /// workers to DISCONNECT, closes the socket and returns once the thread
    /// has ended.
    public func close() async {
        core.inbox.requestStop()
        await thread.join()
    }

    /// Counters and gauges since creation.
    public var statistics: DispatcherStatistics { core.statistics }
}

/// A dispatcher's counters and gauges.
public struct DispatcherStatistics: Sendable, Hashable {
    /// Jobs submitted.
    public var submitted: Int
    /// Jobs completed by a worker.
    public var completed: Int
    /// Jobs that failed (worker error, malformed result, closed, cancelled, unencodable).
    public var failed: Int
    /// Jobs whose deadline passed.
    public var timedOut: Int
    /// Times a dead worker's job was queued again for another worker.
    public var redispatched: Int
    /// RESULT/FAILED messages dropped: for jobs already finished or from dead sessions.
    public var lateResults: Int
    /// Worker sessions declared dead.
    public var workersLost: Int
    /// Protocol messages that could not be parsed.
    public var malformed: Int
    /// Live worker sessions now.
    public var liveWorkers: Int
    /// Jobs held by workers now.
    public var inFlight: Int
    /// Jobs waiting for a free worker slot now.
    public var pending: Int
}

/// Dispatcher state shared by its thread and the submitting tasks.
final class DispatcherCore: Sendable {
    /// What the loop hands back; parsing the result envelope is left to the
    /// submitting task, off the dispatcher's thread.
    enum RawOutcome: Sendable {
        case result(frame: [UInt8], worker: WorkerID, submittedAt: UInt64)
        case timedOut
        case failed(JobFailure)
    }

    struct Job: Sendable {
        var id: UInt64
        var frame: [UInt8]
        var submittedAt: UInt64
        var deadline: UInt64
        var continuation: CheckedContinuation<RawOutcome, Never>
        /// Routing id of the worker holding the job, if any.
        var worker: [UInt8]? = nil
    }

    enum Command: Sendable {
        case submit(Job)
        case cancel(UInt64)
    }

    let inbox: LoopInbox<Command>
    let options: Dispatcher.Options
    let stamper: EnvelopeStamper
    let logger: Logger
    let submitted, completed, failed, timedOut, redispatched, lateResults, workersLost, malformed: BusCounter
    let liveWorkers, inFlight, pending: BusGauge
    let latency: Metrics.Timer
    private let jobIDs = Atomic<UInt64>(0)

    init(service: String, options: Dispatcher.Options, clock: any ArenaClock, inbox: LoopInbox<Command>) {
        self.inbox = inbox
        self.options = options
        self.stamper = EnvelopeStamper(source: service, clock: clock)
        let d = [("service", service), ("pattern", "dispatch")]
        submitted = BusCounter(BusMetricName.jobsSubmitted, d)
        completed = BusCounter(BusMetricName.jobsCompleted, d)
        failed = BusCounter(BusMetricName.jobsFailed, d)
        timedOut = BusCounter(BusMetricName.jobsTimedOut, d)
        redispatched = BusCounter(BusMetricName.redispatches, d)
        lateResults = BusCounter(BusMetricName.lateResults, d)
        workersLost = BusCounter(BusMetricName.workersLost, d)
        malformed = BusCounter(BusMetricName.malformed, d)
        liveWorkers = BusGauge(BusMetricName.workers, d)
        inFlight = BusGauge(BusMetricName.jobsInFlight, d)
        pending = BusGauge(BusMetricName.jobsPending, d)
        latency = Metrics.Timer(label: BusMetricName.jobDuration, dimensions: d)
        self.logger = Logger.bus("arena.bus.dispatcher", service: "\(service)")
    }

    func nextJobID() -> UInt64 { jobIDs.add(1, ordering: .relaxed).newValue }

    /// Turns the loop's outcome into the public one, on the submitting task.
    func finish(_ raw: RawOutcome) -> JobOutcome {
        switch raw {
        case let .result(frame, worker, submittedAt):
            do {
                let envelope = try Envelope(parsing: frame, maxFrameBytes: options.maxFrameBytes)
                let nanos = MonotonicClock.nanoseconds() &- submittedAt
                latency.recordNanoseconds(Int64(nanos))
                completed.increment()
                return .completed(result: EncodedBusMessage(envelope: envelope), worker: worker, latency: .nanoseconds(Int64(nanos)))
            } catch {
                malformed.increment()
                failed.increment()
                logger.warning("malformed result from \(worker): \(error)")
                return .failed(.malformedResult(worker, reason: "\(error)"))
            }
        case .timedOut:
            timedOut.increment()
            return .timedOut
        case let .failed(failure):
            failed.increment()
            return .failed(failure)
        }
    }

    var statistics: DispatcherStatistics {
        DispatcherStatistics(
            submitted: submitted.value, completed: completed.value, failed: failed.value, timedOut: timedOut.value,
            redispatched: redispatched.value, lateResults: lateResults.value, workersLost: workersLost.value,
            malformed: malformed.value, liveWorkers: liveWorkers.value, inFlight: inFlight.value, pending: pending.value
        )
    }
}
