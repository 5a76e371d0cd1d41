import ArenaCore
import ArenaWire
import Synchronization

/// The scorer pool in process: workers join it at an address, a dispatcher
/// submits to it. The rules are the ZeroMQ dispatcher's (PROTOCOL.md §6): a
/// job goes to the live worker with a free slot that is least loaded, the
/// least recently used first on a tie; a worker that leaves has its jobs
/// given to others; every submission ends in exactly one outcome.
final class InProcessJobPool: Sendable {
    struct Job: Sendable {
        let id: UInt64
        let message: any BusMessage
        let submittedAt: Timestamp
        let outcome: LocalPromise<JobOutcome>
    }

    private struct Member {
        let worker: InProcessWorker
        let id: WorkerID
        /// Order of joining: the last tie-break, so the choice never depends on hashing.
        let joined: UInt64
        var running: [UInt64: Task<Void, Never>] = [:]
        var lastUsed: UInt64 = 0
        var load: Double { Double(running.count) / Double(worker.capacity) }
    }

    private struct State {
        var members: [ObjectIdentifier: Member] = [:]
        var queue: [Job] = []
        /// Jobs given to a worker, by id: the worker holding it.
        var assigned: [UInt64: ObjectIdentifier] = [:]
        var jobs: [UInt64: Job] = [:]
        var uses: UInt64 = 0
        var joins: UInt64 = 0
    }

    private let state = Mutex(State())
    let clock: any ArenaClock

    init(clock: any ArenaClock) { self.clock = clock }

    func join(_ worker: InProcessWorker, as id: WorkerID) {
        state.withLock { s in
            s.joins &+= 1
            s.members[ObjectIdentifier(worker)] = Member(worker: worker, id: id, joined: s.joins)
        }
        dispatch()
    }

    /// The worker leaves: its running jobs are cancelled and queued again, first.
    func leave(_ worker: InProcessWorker) {
        let cancelled = state.withLock { s -> [Task<Void, Never>] in
            guard let member = s.members.removeValue(forKey: ObjectIdentifier(worker)) else { return [] }
            let again = member.running.keys.sorted().compactMap { s.jobs[$0] }
            for job in again { s.assigned[job.id] = nil }
            s.queue.insert(contentsOf: again, at: 0)
            return Array(member.running.values)
        }
        for task in cancelled { task.cancel() }
        dispatch()
    }

    func enqueue(_ job: Job) {
        state.withLock { s in
            s.jobs[job.id] = job
            s.queue.append(job)
        }
        dispatch()
    }

    /// Drops a job whose submitter gave up (deadline, cancellation): out of the
    /// queue, or its task cancelled (the slot frees when the task ends).
    func withdraw(_ id: UInt64) {
        let task = state.withLock { s -> Task<Void, Never>? in
            s.jobs[id] = nil
            s.queue.removeAll { $0.id == id }
            guard let holder = s.assigned.removeValue(forKey: id) else { return nil }
            return s.members[holder]?.running[id]
        }
        task?.cancel()
    }

    /// Fails every job with `failure` (the dispatcher closed).
    func failAll(_ failure: JobFailure) {
        let (jobs, tasks) = state.withLock { s -> ([Job], [Task<Void, Never>]) in
            let jobs = Array(s.jobs.values)
            let tasks = s.members.values.flatMap { $0.running.values }
            s.jobs.removeAll()
            s.queue.removeAll()
            s.assigned.removeAll()
            return (jobs, tasks)
        }
        for task in tasks { task.cancel() }
        for job in jobs { job.outcome.fulfil(.failed(failure)) }
    }

    /// Gives queued jobs to free workers.
    private func dispatch() {
        state.withLock { s in
            while let job = s.queue.first, let key = Self.pickWorker(s) {
                s.queue.removeFirst()
                s.uses &+= 1
                s.members[key]?.lastUsed = s.uses
                s.assigned[job.id] = key
                guard let member = s.members[key] else { continue }
                let task = Task { await self.run(job, on: member.worker, as: member.id, key: key) }
                s.members[key]?.running[job.id] = task
            }
        }
    }

    private static func pickWorker(_ s: State) -> ObjectIdentifier? {
        s.members.filter { $0.value.running.count < $0.value.worker.capacity }
            .min { ($0.value.load, $0.value.lastUsed, $0.value.joined) < ($1.value.load, $1.value.lastUsed, $1.value.joined) }?.key
    }

    private func run(_ job: Job, on worker: InProcessWorker, as id: WorkerID, key: ObjectIdentifier) async {
        let result = await worker.handle(job.message)
        let stillMine = state.withLock { s -> Bool in
            s.members[key]?.running[job.id] = nil
            guard s.assigned[job.id] == key else { return false }
            s.assigned[job.id] = nil
            s.jobs[job.id] = nil
            return true
        }
        // A job taken back (its worker left, its submitter gave up) ends elsewhere.
        if stillMine && !Task.isCancelled {
            switch result {
            case let .success(reply):
                job.outcome.fulfil(.completed(result: reply, worker: id, latency: clock.now().duration(since: job.submittedAt)))
            case let .failure(reason):
                job.outcome.fulfil(.failed(.worker(id, reason: reason.description)))
            }
        }
        dispatch()
    }
}

/// The in-process ``JobDispatcher``: submits to the pool at its address and
/// waits for the outcome on the transport's clock.
final class InProcessDispatcher: JobDispatcher {
    private let pool: InProcessJobPool
    private let sender: LocalSender
    private let ids = Atomic<UInt64>(0)
    private let closed = Atomic<Bool>(false)

    init(service: ServiceName, pool: InProcessJobPool) {
        self.pool = pool
        self.sender = LocalSender(source: service.value)
    }

    func submit<M: WireMessage>(_ job: M, deadline: Duration, trace: String?) async -> JobOutcome {
        guard !closed.load(ordering: .acquiring) else { return .failed(.closed) }
        let clock = pool.clock
        let id = ids.add(1, ordering: .relaxed).newValue
        let now = clock.now()
        let stamp = LocalStamp(sender: sender, sequence: id, sentAt: now, trace: trace, correlation: nil, topicSequence: nil)
        let entry = InProcessJobPool.Job(
            id: id, message: LocalBusMessage(topic: "", value: job, stamp: stamp), submittedAt: now, outcome: LocalPromise()
        )
        pool.enqueue(entry)
        let outcome = await ClockDeadline.run(on: clock, until: now.advanced(by: deadline)) { await entry.outcome.value() }
        if let outcome { return outcome }
        pool.withdraw(id)
        return Task.isCancelled ? .failed(.cancelled) : .timedOut
    }

    func close() async {
        closed.store(true, ordering: .releasing)
        pool.failAll(.closed)
    }
}

/// The in-process ``JobWorker``: a member of the pool at its address that
/// runs up to `capacity` jobs at once through its handler.
final class InProcessWorker: JobWorker {
    let capacity: Int
    private let name: String
    private let pool: InProcessJobPool
    private let handler: JobHandler
    private let sender: LocalSender
    private let sequence = Atomic<UInt64>(0)

    init(service: ServiceName, pool: InProcessJobPool, capacity: Int, handler: @escaping JobHandler) {
        self.capacity = max(capacity, 1)
        self.name = service.value
        self.pool = pool
        self.handler = handler
        self.sender = LocalSender(source: service.value)
        pool.join(self, as: WorkerID(name: name, session: HexText.lowercase(withUnsafeBytes(of: sender.instance.bigEndian) { Array($0) })))
    }

    /// Runs one job: its result as a message correlated with the job, or why it failed.
    func handle(_ job: any BusMessage) async -> Result<any BusMessage, FailureReason> {
        do {
            let result = try await handler(job)
            let metadata = job.metadata
            let stamp = LocalStamp(
                sender: sender, sequence: sequence.add(1, ordering: .relaxed).newValue, sentAt: pool.clock.now(),
                trace: metadata.trace, correlation: metadata.id, topicSequence: nil
            )
            return .success(localMessage(result, stamp: stamp))
        } catch is CancellationError {
            return .failure(FailureReason("cancelled"))
        } catch {
            return .failure(FailureReason("\(error)"))
        }
    }

    func close() async { pool.leave(self) }

    /// A job's failure, as the worker describes it.
    struct FailureReason: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
