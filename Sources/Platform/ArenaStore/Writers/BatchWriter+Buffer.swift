/// Filling the buffer: admission, back-pressure and waiting for commits.
extension BatchWriter {
    /// Buffers `rows` in order, waiting in line (FIFO) whenever the buffer is
    /// full; a waiting chunk is appended by whoever frees the room, so the
    /// order of submitters is kept.
    func enqueueLossless(_ rows: [Row], ticket: Int?) async throws(StoreError) {
        var rest = rows[...]
        while !rest.isEmpty {
            guard phase == .open else { throw StoreError.closed }
            if spaceWaiters.isEmpty, freeSpace > 0 {
                let count = min(freeSpace, rest.count)
                append(rest.prefix(count), ticket: ticket)
                rest = rest.dropFirst(count)
                continue
            }
            let chunk = Array(rest.prefix(configuration.capacity))
            rest = rest.dropFirst(chunk.count)
            noteFull()
            let failure = await withCheckedContinuation { (continuation: CheckedContinuation<StoreError?, Never>) in
                spaceWaiters.append(SpaceWaiter(rows: chunk, ticket: ticket, continuation: continuation))
            }
            if let failure { throw failure }
        }
    }

    /// Appends rows to the buffer and wakes the flusher when that changes
    /// what it should do: a first row starts the delay, a full batch or a
    /// waiting submitter means write now.
    func append(_ rows: some Collection<Row>, ticket: Int?) {
        guard !rows.isEmpty else { return }
        let wasEmpty = queue.count == head
        let now = ContinuousClock.now
        for row in rows { queue.append(Pending(row: row, ticket: ticket, enqueuedAt: now)) }
        enqueuedTotal += rows.count
        if ticket != nil { urgentRows += rows.count }
        if flusher == nil { flusher = Task { await self.runFlusher() } }
        noteBacklog()
        if wasEmpty || ticket != nil || queue.count - head >= configuration.batchSize { wake(forClose: false) }
        if freeSpace == 0 { noteFull() }
    }

    /// Appends the chunks of waiting submitters, in order, while they fit.
    func admitWaiters() {
        while let first = spaceWaiters.first, first.rows.count <= freeSpace {
            spaceWaiters.removeFirst()
            append(first.rows, ticket: first.ticket)
            first.continuation.resume(returning: nil)
        }
        endFullIfRoom()
    }

    /// Waits until every row of ticket `id` is settled; returns the first
    /// permanent failure among them.
    func waitForTicket(_ id: Int) async -> StoreError? {
        guard let ticket = tickets[id] else { return nil }
        if ticket.remaining == 0 {
            tickets[id] = nil
            return ticket.failure
        }
        return await withCheckedContinuation { continuation in tickets[id]?.continuation = continuation }
    }

    /// Waits until `target` rows are settled, or until `deadline`; returns
    /// whether the target was reached. Waiting makes the flusher write now.
    @discardableResult
    func waitForSettled(_ target: Int, until deadline: ContinuousClock.Instant?) async -> Bool {
        if settledTotal >= target { return true }
        let id = newID()
        return await withCheckedContinuation { continuation in
            let timer = deadline.map { deadline in
                Task { [weak self] in
                    do { try await Task.sleep(until: deadline, clock: .continuous) } catch { return }
                    await self?.expireSettleWaiter(id)
                }
            }
            settleWaiters[id] = SettleWaiter(target: target, continuation: continuation, timer: timer)
            wake(forClose: false)
        }
    }

    func expireSettleWaiter(_ id: Int) {
        settleWaiters.removeValue(forKey: id)?.continuation.resume(returning: false)
    }

    /// Marks `batch` settled: committed (`failure` nil), rejected or abandoned;
    /// resumes the submitters and flushers it completes and admits waiting rows.
    func settle(_ batch: ArraySlice<Pending>, failure: StoreError?) {
        inFlight -= batch.count
        settledTotal += batch.count
        for pending in batch {
            guard let id = pending.ticket, var ticket = tickets[id] else { continue }
            ticket.remaining -= 1
            if ticket.failure == nil { ticket.failure = failure }
            if ticket.remaining == 0, let continuation = ticket.continuation {
                tickets[id] = nil
                continuation.resume(returning: ticket.failure)
            } else {
                tickets[id] = ticket
            }
        }
        for (id, waiter) in settleWaiters where waiter.target <= settledTotal {
            settleWaiters[id] = nil
            waiter.timer?.cancel()
            waiter.continuation.resume(returning: true)
        }
        noteBacklog()
        admitWaiters()
    }
}
