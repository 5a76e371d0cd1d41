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
        retry: RetryPolicy = RetryPolicy()
    ) {
        self.name = name
        self.batchSize = max(1, batchSize)
        self.capacity = max(self.batchSize, capacity)
        self.maxDelay = maxDelay
        self.retry = retry
    }
}

/// Exponential back-off with jitter, bounded: attempt n waits
/// `min(maximum, initial × multiplier^(n-1))`, scattered by ±`jitter` so that
/// many writers do not hammer a recovering database in step. Attempts are
/// not limited: a lossless writer keeps its rows until they are written.
public struct RetryPolicy: Sendable, Hashable {
    /// The first wait.
    public var initial: Duration
    /// The longest wait.
    public var maximum: Duration
    /// Growth per failed attempt.
    public var multiplier: Double
    /// Fraction (0–1) of random spread around the wait.
    public var jitter: Double

    /// A policy; by default 100 ms doubling to at most 5 s, ±20 %.
    public init(initial: Duration = .milliseconds(100), maximum: Duration = .seconds(5), multiplier: Double = 2, jitter: Double = 0.2) {
        self.initial = initial
        self.maximum = max(initial, maximum)
        self.multiplier = max(1, multiplier)
        self.jitter = min(1, max(0, jitter))
    }

    /// The wait after `failures` consecutive failed attempts (1 = the first).
    public func delay(afterFailures failures: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let ceiling = Self.seconds(maximum)
        var bounded = min(Self.seconds(initial), ceiling)
        for _ in 1..<max(1, failures) where bounded < ceiling { bounded = min(bounded * multiplier, ceiling) }
        let spread = jitter > 0 ? Double.random(in: -jitter...jitter, using: &generator) : 0
        return .nanoseconds(Int64(bounded * (1 + spread) * 1e9))
    }

    static func seconds(_ duration: Duration) -> Double {
        let (s, attoseconds) = duration.components
        return Double(s) + Double(attoseconds) / 1e18
    }
}
