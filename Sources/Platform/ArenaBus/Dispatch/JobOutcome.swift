import ArenaWire

/// A worker session as the dispatcher knows it.
public struct WorkerID: Sendable, Hashable, CustomStringConvertible {
    /// The name the worker announced in READY (e.g. `scorer-2`).
    public var name: String
    /// The session's routing id in hex; it changes whenever the worker re-registers.
    public var session: String

    /// A worker id.
    public init(name: String, session: String) {
        self.name = name
        self.session = session
    }

    /// `"<name>/<first 8 hex digits of the session>"`.
    public var description: String { "\(name)/\(session.prefix(8))" }
}

/// Why a job produced no result.
public enum JobFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The worker's handler threw; `reason` is its description.
    case worker(WorkerID, reason: String)
    /// The worker's result is not a valid envelope.
    case malformedResult(WorkerID, reason: String)
    /// The job could not be encoded.
    case encoding(WireError)
    /// The dispatcher was closed before the job finished.
    case closed
    /// The submitting task was cancelled.
    case cancelled

    /// A one-line explanation.
    public var description: String {
        switch self {
        case let .worker(worker, reason): "worker \(worker) failed the job: \(reason)"
        case let .malformedResult(worker, reason): "worker \(worker) returned a malformed result: \(reason)"
        case let .encoding(error): "the job could not be encoded: \(error)"
        case .closed: "the dispatcher is closed"
        case .cancelled: "the submitting task was cancelled"
        }
    }
}

/// What became of a submitted job. Every submission ends in exactly one outcome.
public enum JobOutcome: Sendable {
    /// A worker returned `result` (its `correlation` is the job's message id).
    /// `latency` runs from submission to the result's arrival.
    case completed(result: any BusMessage, worker: WorkerID, latency: Duration)
    /// The deadline passed first (no worker, or no answer in time). The worker
    /// holding the job, if any, was told to cancel it.
    case timedOut
    /// The job failed; see ``JobFailure``.
    case failed(JobFailure)

    /// The result decoded as `M`, or `nil` unless the job completed with such a body.
    public func result<M: WireMessage>(as type: M.Type) -> M? {
        guard case let .completed(result, _, _) = self else { return nil }
        return try? result.decode(type)
    }

    /// The worker that completed the job, if it completed.
    public var worker: WorkerID? {
        guard case let .completed(_, worker, _) = self else { return nil }
        return worker
    }

    /// True for ``timedOut``.
    public var isTimedOut: Bool {
        if case .timedOut = self { return true }
        return false
    }
}
