import ArenaCore

/// How urgently a person should look at a ``WriterAlert``.
public enum WriterAlertSeverity: String, Sendable, Hashable {
    /// Data is at risk or refused: outage, buffer full, rows dropped or rejected.
    case critical
    /// Worth knowing, nothing lost.
    case warning
    /// Back to normal.
    case info
}

/// A market-data loss a writer accepted instead of blocking: rows dropped
/// while its buffer was full, counted and reported as one gap.
public struct WriterGap: Sendable, Hashable, CustomStringConvertible {
    /// The writer.
    public let writer: String
    /// How many rows were dropped.
    public let rows: Int
    /// When the first row was dropped.
    public let from: Timestamp
    /// When the last row was dropped.
    public let to: Timestamp

    /// A gap.
    public init(writer: String, rows: Int, from: Timestamp, to: Timestamp) {
        self.writer = writer
        self.rows = rows
        self.from = from
        self.to = to
    }

    /// One line for logs and alert messages.
    public var description: String { "\(writer): \(rows) rows dropped between \(from) and \(to)" }
}

/// Something about a writer's health that a service forwards to the alerter
/// (the writer only calls the hook; the service decides the transport).
public enum WriterAlert: Sendable, Hashable, CustomStringConvertible {
    /// Writes started failing; rows are buffered and retried.
    case outageStarted(writer: String, error: StoreError, at: Timestamp)
    /// Writes succeed again after `failedAttempts` failures over `duration`.
    case outageEnded(writer: String, failedAttempts: Int, duration: Duration, at: Timestamp)
    /// The buffer reached its capacity: lossless submitters now wait, market data is dropped.
    case bufferFull(writer: String, capacity: Int, at: Timestamp)
    /// The buffer has room again after being full for `duration`.
    case bufferAvailable(writer: String, duration: Duration, at: Timestamp)
    /// Market data was dropped while the buffer was full.
    case rowsDropped(WriterGap)
    /// The database refused rows for a reason retrying cannot fix (a constraint,
    /// a missing table); they are not stored and their submitters got the error.
    case rowsRejected(writer: String, rows: Int, error: StoreError)
    /// The writer closed before it could store these rows (the database was
    /// still failing at the close deadline); their submitters got an error.
    case rowsAbandoned(writer: String, rows: Int)

    /// How urgent it is.
    public var severity: WriterAlertSeverity {
        switch self {
        case .outageStarted, .bufferFull, .rowsDropped, .rowsRejected, .rowsAbandoned: .critical
        case .outageEnded, .bufferAvailable: .info
        }
    }

    /// The writer it concerns.
    public var writer: String {
        switch self {
        case let .outageStarted(writer, _, _), let .outageEnded(writer, _, _, _), let .bufferFull(writer, _, _),
            let .bufferAvailable(writer, _, _), let .rowsRejected(writer, _, _), let .rowsAbandoned(writer, _):
            writer
        case let .rowsDropped(gap): gap.writer
        }
    }

    /// One line for logs and alert messages.
    public var description: String {
        switch self {
        case let .outageStarted(writer, error, at): "\(writer): database writes failing since \(at) (\(error)); buffering and retrying"
        case let .outageEnded(writer, failures, duration, _): "\(writer): database writes recovered after \(duration) and \(failures) failed attempts"
        case let .bufferFull(writer, capacity, at): "\(writer): write buffer full (\(capacity) rows) at \(at)"
        case let .bufferAvailable(writer, duration, _): "\(writer): write buffer has room again after \(duration) full"
        case let .rowsDropped(gap): "market data gap: \(gap)"
        case let .rowsRejected(writer, rows, error): "\(writer): \(rows) rows rejected by the database: \(error)"
        case let .rowsAbandoned(writer, rows): "\(writer): closed with \(rows) rows unwritten"
        }
    }
}
