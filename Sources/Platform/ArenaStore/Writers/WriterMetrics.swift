import Metrics

/// The swift-metrics a ``BatchWriter`` reports, labelled with its name
/// (`writer`); names follow the arena's conventions (`arena_` prefix, unit
/// suffix, `_total` on counters).
struct WriterMetrics: Sendable {
    /// Gauge: rows buffered or in flight.
    static let backlogName = "arena_store_writer_backlog_rows"
    /// Gauge: 1 while writes are failing, else 0.
    static let outageName = "arena_store_writer_outage"
    /// Counter, `outcome` (`committed`, `dropped`, `rejected`, `abandoned`): rows by fate.
    static let rowsName = "arena_store_writer_rows_total"
    /// Counter: batches committed.
    static let batchesName = "arena_store_writer_batches_total"
    /// Counter: failed write attempts (each is retried).
    static let retriesName = "arena_store_writer_retries_total"
    /// Timer: one successful batch write.
    static let flushName = "arena_store_writer_flush_seconds"

    let backlog: Gauge
    let outage: Gauge
    let committed: Counter
    let dropped: Counter
    let rejected: Counter
    let abandoned: Counter
    let batches: Counter
    let retries: Counter
    let flush: Metrics.Timer

    /// Metrics for `writer` from `factory` (the bootstrapped global one when nil).
    init(writer: String, factory: (any MetricsFactory)?) {
        let factory = factory ?? MetricsSystem.factory
        let dimensions = [("writer", writer)]
        func rows(_ outcome: String) -> Counter {
            Counter(label: Self.rowsName, dimensions: dimensions + [("outcome", outcome)], factory: factory)
        }
        backlog = Gauge(label: Self.backlogName, dimensions: dimensions, factory: factory)
        outage = Gauge(label: Self.outageName, dimensions: dimensions, factory: factory)
        committed = rows("committed")
        dropped = rows("dropped")
        rejected = rows("rejected")
        abandoned = rows("abandoned")
        batches = Counter(label: Self.batchesName, dimensions: dimensions, factory: factory)
        retries = Counter(label: Self.retriesName, dimensions: dimensions, factory: factory)
        flush = Metrics.Timer(label: Self.flushName, dimensions: dimensions, factory: factory)
    }
}
