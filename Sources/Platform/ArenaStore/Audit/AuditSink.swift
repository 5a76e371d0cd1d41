/// A ``BatchSink`` that appends audit entries: puts the audit log behind a
/// ``BatchWriter`` (group commit, buffering and retry through an outage).
/// Retried batches are harmless: appends are idempotent on kind and ref.
public struct AuditSink: BatchSink {
    /// The log appended to.
    public let log: AuditLog

    /// A sink appending to `log`.
    public init(log: AuditLog) { self.log = log }

    /// Appends `rows` in one transaction.
    public func write(_ rows: [AuditEntry]) async throws(StoreError) {
        try await log.append(rows)
    }
}
