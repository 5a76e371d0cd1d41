import ArenaCore

/// How a ``BatchWriter`` batches, bounds and retries.
public struct BatchWriterConfiguration: Sendable, Hashable {
    /// The writer's name in logs, metrics and alerts (`md_trades`, `audit`).
    public var name: String
    /// The most rows buffered or in flight. Lossless submissions wait for
    /// space; market data beyond it is dropped and reported as a gap.
    public var capacity: Int
    /// A batch is written as soon as this many rows are buffered; also the
    /// most rows in one batch.
    public var batchSize: Int
    /// A partial batch is written when its oldest row has waited this long.
    /// Rows someone waits on (``BatchWriter/submitAndWait(_:whenDegraded:)``,
    /// ``BatchWriter/flush()``) are written at once, grouped with whatever is buffered.
    public var maxDelay: Duration
    /// Back-off between attempts while the database fails.
    public var retry: RetryPolicy

    /// A configuration; the defaults are the 500 rows or 200 ms.
    public init(
        name: String, capacity: Int = 50_000, batchSize: Int = 500, maxDelay: Duration = .milliseconds(200),
        retry: RetryPolicy = RetryPolicy(initial: .milliseconds(100), maximum: .seconds(5))
    ) {
        self.name = name
        self.batchSize = max(1, batchSize)
        self.capacity = max(self.batchSize, capacity)
        self.maxDelay = maxDelay
        self.retry = retry
    }
}

/// How a writer waits between failed attempts: ``Backoff`` (ArenaCore), counted
/// from the first failure. Attempts are not limited: a lossless writer keeps its
/// rows until they are written.
public typealias RetryPolicy = Backoff

extension Backoff {
    /// The wait after `failures` consecutive failed attempts (1 = the first).
    public func delay(afterFailures failures: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        delay(attempt: Swift.max(0, failures - 1), using: &generator)
    }
}
