/// The flusher: one task per writer that takes batches and writes them until they commit.
extension BatchWriter {
    /// Rows the database refused for good while writing one batch.
    struct Rejection {
        var rows: Int
        var error: StoreError
    }

    func runFlusher() async {
        while let batch = await nextBatch() {
            if let rejection = await deliver(batch[...]) {
                statistics.rejectedRows += rejection.rows
                metrics.rejected.increment(by: rejection.rows)
                logger.error(
                    "rows rejected by the database; they are not stored",
                    metadata: ["rows": "\(rejection.rows)", "error": "\(rejection.error)"]
                )
                alertHook(.rowsRejected(writer: configuration.name, rows: rejection.rows, error: rejection.error))
            }
        }
        reportAbandoned()
    }

    /// The next batch, once one is due: a full batch, an old enough row, a
    /// waiting submitter or flush, or closing. Nil when closed and drained
    /// (or abandoned).
    func nextBatch() async -> [Pending]? {
        while true {
            if phase == .abandoning {
                let rest = take(queue.count - head)
                settle(rest[...], failure: .closed)
                statistics.abandonedRows += rest.count
                return nil
            }
            let available = queue.count - head
            if available == 0 {
                if phase != .open { return nil }
                await sleep(until: nil, onlyClose: false)
                continue
            }
            let deadline = queue[head].enqueuedAt.advanced(by: configuration.maxDelay)
            let due = available >= configuration.batchSize || urgentRows > 0 || !settleWaiters.isEmpty
                || phase != .open || deadline <= ContinuousClock.now
            if due { return take(min(available, configuration.batchSize)) }
            await sleep(until: deadline, onlyClose: false)
        }
    }

    /// Moves the oldest `count` rows from the buffer into flight.
    func take(_ count: Int) -> [Pending] {
        let batch = Array(queue[head..<head + count])
        head += count
        // Drop the consumed prefix in bulk, amortised O(1) per row.
        if head == queue.count {
            queue.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 1024, head * 2 >= queue.count {
            queue.removeFirst(head)
            head = 0
        }
        inFlight += count
        urgentRows -= batch.count { $0.ticket != nil }
        return batch
    }

    /// Writes `batch` until it commits, retrying failures with back-off. A
    /// permanent failure halves the batch until the refused rows are isolated;
    /// they are settled with the error and returned, the rest written.
    func deliver(_ batch: ArraySlice<Pending>) async -> Rejection? {
        var failures = 0
        while true {
            let started = ContinuousClock.now
            do {
                try await sink.write(batch.map(\.row))
                metrics.flush.recordNanoseconds(Self.nanoseconds(ContinuousClock.now - started))
                statistics.batches += 1
                statistics.committedRows += batch.count
                metrics.batches.increment()
                metrics.committed.increment(by: batch.count)
                recovered()
                settle(batch, failure: nil)
                return nil
            } catch where error.isPermanentWriteFailure {
                guard batch.count > 1 else {
                    settle(batch, failure: error)
                    return Rejection(rows: 1, error: error)
                }
                let middle = batch.startIndex + batch.count / 2
                let first = await deliver(batch[..<middle])
                let second = await deliver(batch[middle...])
                return Self.combine(first, second)
            } catch {
                failures += 1
                failed(error, attempt: failures)
                if phase != .abandoning {
                    let delay = configuration.retry.delay(afterFailures: failures, using: &random)
                    await sleep(until: ContinuousClock.now.advanced(by: delay), onlyClose: true)
                }
                if phase == .abandoning {
                    settle(batch, failure: .closed)
                    statistics.abandonedRows += batch.count
                    return nil
                }
            }
        }
    }

    static func combine(_ a: Rejection?, _ b: Rejection?) -> Rejection? {
        guard let a else { return b }
        guard let b else { return a }
        return Rejection(rows: a.rows + b.rows, error: a.error)
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    /// Suspends the flusher until `deadline` (forever when nil) or a wake-up;
    /// with `onlyClose` (retry back-off) new rows do not cut the wait short,
    /// so a failing database is not hammered by a busy feed.
    func sleep(until deadline: ContinuousClock.Instant?, onlyClose: Bool) async {
        let id = newID()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let timer = deadline.map { deadline in
                Task { [weak self] in
                    do { try await Task.sleep(until: deadline, clock: .continuous) } catch { return }
                    await self?.endPause(id)
                }
            }
            pause = Pause(id: id, continuation: continuation, timer: timer, onlyClose: onlyClose)
        }
    }

    /// Wakes the flusher if it sleeps and the reason applies to its sleep.
    func wake(forClose: Bool) {
        guard let pause, forClose || !pause.onlyClose else { return }
        endPause(pause.id)
    }

    func endPause(_ id: Int) {
        guard let current = pause, current.id == id else { return }
        pause = nil
        current.timer?.cancel()
        current.continuation.resume()
    }
}
