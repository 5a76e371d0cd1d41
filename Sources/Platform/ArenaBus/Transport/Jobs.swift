import ArenaCore
import ArenaWire

/// Hands jobs to a pool of workers and waits for each outcome (the job
/// pattern: scoring jobs to the scorer pool). Workers connect to the
/// dispatcher, so adding workers needs no configuration.
///
/// Every submission ends in exactly one ``JobOutcome``: completed by a
/// worker, timed out at its deadline (queue time included), or failed. A
/// worker that dies has its jobs given to another; a job is never held by
/// two live workers.
public protocol JobDispatcher: Sendable {
    /// Submits `job` (stamped with the dispatcher's identity and `trace`) and waits for its outcome.
    func submit<M: WireMessage>(_ job: M, deadline: Duration, trace: String?) async -> JobOutcome
    /// Fails the unfinished jobs with ``JobFailure/closed`` and stops.
    func close() async
}

extension JobDispatcher {
    /// Submits `job` without a trace id.
    public func submit<M: WireMessage>(_ job: M, deadline: Duration) async -> JobOutcome {
        await submit(job, deadline: deadline, trace: nil)
    }
}

/// A worker of a ``JobDispatcher``'s pool: runs up to `capacity` jobs at
/// once through a handler; a job the dispatcher gives up on (its deadline
/// passed) has its task cancelled.
public protocol JobWorker: Sendable {
    /// Leaves the pool (its jobs go to other workers at once), cancels running jobs and stops.
    func close() async
}

/// The handler of a ``JobWorker``: the job in, the result out. Throwing
/// reports the job as failed with the error's description.
public typealias JobHandler = @Sendable (any BusMessage) async throws -> any WireMessage
