/// Outages, a full buffer and dropped rows: counted, logged once per
/// episode (not per row or attempt), exported as metrics and alerted.
extension BatchWriter {
    /// A write attempt failed with an error worth retrying.
    func failed(_ error: StoreError, attempt: Int) {
        statistics.failedAttempts += 1
        metrics.retries.increment()
        if var current = outage {
            current.count += 1
            current.cause = error
            outage = current
            // Every tenth attempt is enough to show the outage goes on.
            if current.count.isMultiple(of: 10) {
                logger.warning(
                    "database writes still failing",
                    metadata: ["attempts": "\(current.count)", "backlog": "\(backlog)", "error": "\(error)"]
                )
            }
            return
        }
        let started = Episode(since: clock.now(), started: .now, cause: error, count: 1)
        outage = started
        statistics.outages += 1
        statistics.inOutage = true
        metrics.outage.record(1)
        logger.error(
            "database writes failing; buffering and retrying with back-off",
            metadata: ["error": "\(error)", "backlog": "\(backlog)", "capacity": "\(configuration.capacity)"]
        )
        alertHook(.outageStarted(writer: configuration.name, error: error, at: started.since))
    }

    /// A write succeeded: ends an outage if there was one.
    func recovered() {
        guard let ended = outage else { return }
        outage = nil
        statistics.inOutage = false
        metrics.outage.record(0)
        let duration = ContinuousClock.now - ended.started
        logger.notice(
            "database writes recovered",
            metadata: ["after": "\(duration)", "failed_attempts": "\(ended.count)", "backlog": "\(backlog)"]
        )
        alertHook(.outageEnded(writer: configuration.name, failedAttempts: ended.count, duration: duration, at: clock.now()))
    }

    /// The buffer is at capacity: say so, loudly, once.
    func noteFull() {
        guard full == nil else { return }
        let episode = Episode(since: clock.now(), started: .now)
        full = episode
        logger.critical(
            "write buffer full: lossless submitters wait, market data is dropped",
            metadata: ["capacity": "\(configuration.capacity)", "in_outage": "\(outage != nil)"]
        )
        alertHook(.bufferFull(writer: configuration.name, capacity: configuration.capacity, at: episode.since))
    }

    /// Ends the full episode once the backlog is down to half the capacity
    /// (hysteresis, so a writer running at the limit does not flap), and
    /// reports the market data dropped during it as one gap.
    func endFullIfRoom() {
        guard let episode = full, spaceWaiters.isEmpty, backlog <= configuration.capacity / 2 else { return }
        full = nil
        endDrops()
        let duration = ContinuousClock.now - episode.started
        logger.notice("write buffer has room again", metadata: ["was_full_for": "\(duration)", "backlog": "\(backlog)"])
        alertHook(.bufferAvailable(writer: configuration.name, duration: duration, at: clock.now()))
    }

    /// Market data dropped: counted now, reported as a gap when the episode ends.
    func recordDrops(_ rows: Int) {
        guard rows > 0 else { return }
        statistics.droppedRows += rows
        metrics.dropped.increment(by: rows)
        let now = clock.now()
        if var episode = drops {
            episode.to = now
            episode.rows += rows
            drops = episode
        } else {
            drops = DropEpisode(from: now, to: now, rows: rows)
            logger.critical("dropping market data: write buffer full", metadata: ["capacity": "\(configuration.capacity)"])
        }
        noteFull()
    }

    /// Reports the current drop episode, if any, as a gap.
    func endDrops() {
        guard let episode = drops else { return }
        drops = nil
        let gap = WriterGap(writer: configuration.name, rows: episode.rows, from: episode.from, to: episode.to)
        logger.error(
            "market data gap: rows dropped while the write buffer was full",
            metadata: ["rows": "\(gap.rows)", "from": "\(gap.from)", "to": "\(gap.to)"]
        )
        alertHook(.rowsDropped(gap))
    }

    /// After the flusher stops: rows given up at the close deadline.
    func reportAbandoned() {
        let rows = statistics.abandonedRows
        guard rows > 0 else { return }
        metrics.abandoned.increment(by: rows)
        logger.critical("writer closed with rows unwritten; the database was still failing", metadata: ["rows": "\(rows)"])
        alertHook(.rowsAbandoned(writer: configuration.name, rows: rows))
    }

    /// Publishes the backlog.
    func noteBacklog() {
        let current = backlog
        statistics.backlog = current
        statistics.peakBacklog = max(statistics.peakBacklog, current)
        metrics.backlog.record(current)
    }
}
