/// A writer's counters since it started, for tests, status pages and logs.
/// The same numbers go to swift-metrics (``WriterMetrics``).
public struct WriterStatistics: Sendable, Hashable {
    /// Rows buffered or in flight now.
    public var backlog = 0
    /// The largest backlog seen.
    public var peakBacklog = 0
    /// Rows committed.
    public var committedRows = 0
    /// Batches committed.
    public var batches = 0
    /// Write attempts that failed and were retried.
    public var failedAttempts = 0
    /// Outages (runs of failed attempts) so far.
    public var outages = 0
    /// Whether writes are failing right now.
    public var inOutage = false
    /// Market-data rows dropped because the buffer was full.
    public var droppedRows = 0
    /// Rows the database refused permanently.
    public var rejectedRows = 0
    /// Rows left unwritten when the writer closed.
    public var abandonedRows = 0

    /// Empty statistics.
    public init() {}
}
