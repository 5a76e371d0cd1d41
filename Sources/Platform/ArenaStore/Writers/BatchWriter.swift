import ArenaCore
import Logging
import Metrics

/// What ``BatchWriter/submitAndWait(_:whenDegraded:)`` does while the
/// database is failing.
public enum DegradedPolicy: Sendable, Hashable {
    /// Buffer the rows and wait until they are committed (events that already
    /// happened: fills, order events of live orders, decisions).
    case wait
    /// Refuse at once with ``StoreError/connectionLost(reason:)`` and buffer
    /// nothing while an outage is known, i.e. since a write attempt failed
    /// and until one succeeds (new orders: fail closed rather than trade
    /// unrecorded). A submission that arrives before any attempt has failed
    /// is buffered and waits like ``wait``: it is what discovers the outage.
    case refuse
}

/// What ``BatchWriter/tryEnqueue(_:)`` did with market data.
public struct EnqueueOutcome: Sendable, Hashable {
    /// Rows buffered for writing.
    public let accepted: Int
    /// Rows dropped because the buffer was full (counted into a gap).
    public let dropped: Int
}

/// Buffers rows and writes them in batches through a ``BatchSink``: when
/// ``BatchWriterConfiguration/batchSize`` rows are waiting, when the oldest
/// has waited ``BatchWriterConfiguration/maxDelay``, or at once when someone
/// waits for them (group commit).
///
/// The buffer is bounded by ``BatchWriterConfiguration/capacity`` rows
/// (buffered plus in flight):
/// - ``submit(_:)`` and ``submitAndWait(_:whenDegraded:)`` are lossless: when
///   the buffer is full they suspend until there is room (back-pressure);
/// - ``tryEnqueue(_:)`` is for market data: when full it drops the excess,
///   counts it and reports it as a ``WriterGap``.
///
/// **Acknowledgement.** A row is acknowledged when the transaction (or COPY)
/// that wrote it has committed: ``submitAndWait(_:whenDegraded:)`` returns
/// then, and ``flush()`` returns when every row submitted before it has been
/// committed. ``submit(_:)`` returning only means "buffered": a crash of the
/// process before the commit loses those rows, so paths that must not lose
/// anything (orders, fills, audit) wait.
///
/// **Outage.** A failed write keeps its batch and retries it with bounded
/// exponential back-off and jitter, for as long as it takes; the backlog,
/// retries and outage state are swift-metrics, and the `alert` hook hears
/// when an outage starts and ends and when the buffer fills. Sinks are
/// idempotent, so a batch whose commit happened but whose acknowledgement was
/// lost is not stored twice. Errors that retrying cannot fix (constraints, a
/// missing table) reject the offending rows, found by halving the batch, and
/// their waiters get the error.
///
/// Call ``close(timeout:)`` before dropping a writer; its flusher task keeps
/// it alive until then.
public actor BatchWriter<Row: Sendable> {
    /// Its configuration.
    public nonisolated let configuration: BatchWriterConfiguration
    let sink: any BatchSink<Row>
    let alertHook: @Sendable (WriterAlert) -> Void
    let logger: Logger
    let metrics: WriterMetrics
    let clock: any ArenaClock
    var random = SystemRandomNumberGenerator()

    /// Buffered rows, oldest first, from ``head`` (popping from the front of
    /// an array is O(n); the consumed prefix is dropped in bulk instead).
    var queue: [Pending] = []
    var head = 0
    /// Rows taken for a batch and not yet committed or given up.
    var inFlight = 0
    /// Rows in the buffer whose submitter waits for the commit.
    var urgentRows = 0
    var statistics = WriterStatistics()
    /// Rows ever buffered, and rows whose fate is settled (committed, rejected
    /// or abandoned): ``flush()`` waits for the second to reach the first.
    var enqueuedTotal = 0
    var settledTotal = 0

    var tickets: [Int: Ticket] = [:]
    var nextID = 0
    var spaceWaiters: [SpaceWaiter] = []
    var settleWaiters: [Int: SettleWaiter] = [:]

    var flusher: Task<Void, Never>?
    var pause: Pause?
    var phase = Phase.open
    var outage: Episode?
    var full: Episode?
    var drops: DropEpisode?

    /// A writer named by `configuration` writing through `sink`.
    /// - Parameters:
    ///   - alert: told about outages, a full buffer and lost rows (wire it to the bus's alert topic).
    ///   - clock: the time stamped on alerts and gaps.
    ///   - metricsFactory: where metrics go; the bootstrapped global factory when nil.
    public init(
        configuration: BatchWriterConfiguration, sink: some BatchSink<Row>,
        alert: @escaping @Sendable (WriterAlert) -> Void = { _ in }, clock: any ArenaClock = WallClock(),
        logger: Logger = Logger(label: "arena.store.writer"), metricsFactory: (any MetricsFactory)? = nil
    ) {
        self.configuration = configuration
        self.sink = sink
        self.alertHook = alert
        self.clock = clock
        var logger = logger
        logger[metadataKey: "writer"] = "\(configuration.name)"
        self.logger = logger
        self.metrics = WriterMetrics(writer: configuration.name, factory: metricsFactory)
        metrics.backlog.record(0)
        metrics.outage.record(0)
    }

    /// Buffers `rows`, suspending while the buffer is full; returns once all
    /// are buffered (not yet committed). Throws ``StoreError/closed`` after ``close(timeout:)``.
    public func submit(_ rows: [Row]) async throws(StoreError) {
        try await enqueueLossless(rows, ticket: nil)
    }

    /// Buffers `rows` and returns when all of them are committed: the
    /// acknowledgement that order, fill and audit paths wait for. With
    /// ``DegradedPolicy/refuse`` it throws ``StoreError/connectionLost(reason:)``
    /// instead while the database is failing. Rows the database refuses
    /// permanently make it throw that error (the other rows are still written).
    public func submitAndWait(_ rows: [Row], whenDegraded policy: DegradedPolicy = .wait) async throws(StoreError) {
        if policy == .refuse, let outage {
            throw StoreError.connectionLost(
                reason: "\(configuration.name) has been failing to write since \(outage.since) (\(outage.cause.map { "\($0)" } ?? "unknown")); refusing new work"
            )
        }
        guard !rows.isEmpty else { return }
        let id = newID()
        tickets[id] = Ticket(remaining: rows.count)
        do {
            try await enqueueLossless(rows, ticket: id)
        } catch {
            tickets[id] = nil
            throw error
        }
        if let failure = await waitForTicket(id) { throw failure }
    }

    /// Buffers as many of `rows` as fit and drops the rest, never waiting: for
    /// market data, where a counted gap beats stalling the feed. Rows dropped
    /// while the buffer stays full are counted into one gap, logged and
    /// reported (``WriterAlert/rowsDropped(_:)``) when the backlog is back
    /// down to half the capacity.
    @discardableResult
    public func tryEnqueue(_ rows: [Row]) -> EnqueueOutcome {
        guard phase == .open else {
            // Counted, but no gap episode: the writer is shutting down, not full.
            statistics.droppedRows += rows.count
            metrics.dropped.increment(by: rows.count)
            return EnqueueOutcome(accepted: 0, dropped: rows.count)
        }
        let accepted = spaceWaiters.isEmpty ? min(rows.count, freeSpace) : 0
        append(rows.prefix(accepted), ticket: nil)
        let dropped = rows.count - accepted
        recordDrops(dropped)
        return EnqueueOutcome(accepted: accepted, dropped: dropped)
    }

    /// Returns when every row buffered before the call has been committed (or
    /// rejected); waits through an outage.
    public func flush() async {
        await waitForSettled(enqueuedTotal, until: nil)
    }

    /// Whether writes are failing right now (orders should be refused).
    public var isDegraded: Bool { outage != nil }

    /// The writer's counters.
    public var currentStatistics: WriterStatistics { statistics }

    /// Stops accepting rows and writes what is buffered. If the database is
    /// still failing after `timeout`, the remaining rows are abandoned: logged
    /// and reported loudly, and their waiters get ``StoreError/closed``.
    /// Submitters waiting for buffer space get ``StoreError/closed`` at once.
    public func close(timeout: Duration = .seconds(30)) async {
        guard phase == .open else {
            await flusher?.value
            return
        }
        phase = .closing
        for waiter in spaceWaiters { waiter.continuation.resume(returning: .closed) }
        spaceWaiters.removeAll()
        endDrops()
        wake(forClose: true)
        let drained = await waitForSettled(enqueuedTotal, until: ContinuousClock.now.advanced(by: timeout))
        if !drained {
            phase = .abandoning
            wake(forClose: true)
        }
        await flusher?.value
        phase = .closed
    }

    /// Rows that fit now without exceeding the capacity.
    var freeSpace: Int { max(0, configuration.capacity - backlog) }

    /// Rows buffered or in flight.
    var backlog: Int { queue.count - head + inFlight }

    func newID() -> Int {
        nextID += 1
        return nextID
    }
}

extension BatchWriter {
    /// One buffered row.
    struct Pending {
        let row: Row
        /// The ``submitAndWait(_:whenDegraded:)`` call waiting for it, if any.
        let ticket: Int?
        let enqueuedAt: ContinuousClock.Instant
    }

    /// Rows of one ``submitAndWait(_:whenDegraded:)`` call not yet settled.
    struct Ticket {
        var remaining: Int
        var failure: StoreError?
        var continuation: CheckedContinuation<StoreError?, Never>?
    }

    /// A lossless submitter waiting for room for `rows`.
    struct SpaceWaiter {
        let rows: [Row]
        let ticket: Int?
        let continuation: CheckedContinuation<StoreError?, Never>
    }

    /// A ``flush()`` or ``close(timeout:)`` waiting for `target` settled rows.
    struct SettleWaiter {
        let target: Int
        let continuation: CheckedContinuation<Bool, Never>
        let timer: Task<Void, Never>?
    }

    /// The flusher asleep until new work, a deadline, or (during back-off) only a close.
    struct Pause {
        let id: Int
        let continuation: CheckedContinuation<Void, Never>
        let timer: Task<Void, Never>?
        let onlyClose: Bool
    }

    /// The writer's life cycle.
    enum Phase {
        /// Accepting rows.
        case open
        /// Writing what is buffered, accepting nothing.
        case closing
        /// The close deadline passed: stop retrying and give up the rest.
        case abandoning
        /// Done.
        case closed
    }

    /// A run of failures or of a full buffer: when it began and why.
    struct Episode {
        let since: Timestamp
        let started: ContinuousClock.Instant
        var cause: StoreError?
        var count = 0
    }

    /// Market data dropped since the buffer last had room.
    struct DropEpisode {
        let from: Timestamp
        var to: Timestamp
        var rows: Int
    }
}
