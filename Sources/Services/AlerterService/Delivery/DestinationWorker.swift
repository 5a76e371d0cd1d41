import Alerts
import ArenaCore
import Logging
import Synchronization

/// Delivers one destination's alerts, one at a time in the order they were received, so that
/// a 429 or a retry holds back the ones after it rather than overtaking them (spec §9).
///
/// Each delivery honours 429s (the wait the provider gives), retries 5xx and network errors
/// with back-off up to the policy's limit, and records its progress in the outbox after every
/// answer, so a restart resumes it (a split Telegram message from the part not yet sent). A
/// delivery that fails for good, and a destination that refuses us for good (after which every
/// alert due there is skipped), are reported to the desk, which says so on the other destinations.
actor DestinationWorker {
    /// A delivery due.
    struct Job: Sendable {
        var alert: Alert
        var attempts = 0
        var partsSent = 0
    }

    /// What the desk hears about.
    enum Report: Sendable {
        case failed(Alert, reason: String, attempts: Int)
        case disabled(reason: String, pending: Int)
    }

    nonisolated let name: String
    private let channel: any AlertChannel
    private let client: ProviderClient
    private let policy: RetryPolicy
    private let outbox: AlertOutbox
    private let report: @Sendable (String, Report) async -> Void
    private let metrics: DeliveryMetrics
    private let logger: Logger
    private let jobs: AsyncStream<Job>
    private let intake: AsyncStream<Job>.Continuation
    private let counts = Mutex((queued: 0, done: 0))
    private var disabledReason: String?
    private var holdUntil = ContinuousClock.now

    init(
        name: String, channel: any AlertChannel, client: ProviderClient, policy: RetryPolicy, outbox: AlertOutbox, logger: Logger,
        report: @escaping @Sendable (String, Report) async -> Void
    ) {
        self.name = name
        self.channel = channel
        self.client = client
        self.policy = policy
        self.outbox = outbox
        self.report = report
        self.metrics = DeliveryMetrics(destination: name)
        self.logger = logger
        (jobs, intake) = AsyncStream.makeStream(of: Job.self)
    }

    /// Queues a delivery (already recorded as pending in the outbox).
    nonisolated func enqueue(_ job: Job) {
        counts.withLock { $0.queued += 1 }
        intake.yield(job)
    }

    /// Deliveries queued and not yet finished.
    nonisolated var depth: Int { counts.withLock { $0.queued - $0.done } }

    /// Takes no more deliveries: ``run()`` returns once the queued ones are done.
    nonisolated func finish() { intake.finish() }

    /// Delivers until ``finish()`` and the queue is empty, or until cancelled (what is left
    /// stays pending in the outbox for the next start).
    func run() async {
        for await job in jobs {
            guard !Task.isCancelled else { return }
            await deliver(job)
            counts.withLock { $0.done += 1 }
        }
    }

    private func deliver(_ job: Job) async {
        if let disabledReason {
            await record(job, .skipped, error: "destination disabled: \(disabledReason)")
            metrics.skipped.increment()
            return
        }
        let requests: [ProviderRequest]
        do { requests = try channel.requests(for: job.alert) } catch {
            return await fail(job, reason: "cannot be formatted: \(error)")
        }
        var job = job
        var rateLimitWaits = 0
        while job.partsSent < requests.count {
            guard await pace() else { return }
            let outcome: DeliveryOutcome
            metrics.requests.increment()
            do {
                let response = try await client.send(requests[job.partsSent])
                outcome = channel.classify(response)
                holdUntil = .now + channel.pacing(after: response)
            } catch is CancellationError {
                return
            } catch {
                outcome = .transient(reason: "\(error)")
            }
            switch outcome {
            case .delivered:
                job.partsSent += 1
                await record(job, job.partsSent == requests.count ? .delivered : .pending, error: nil)
            case .rateLimited(let wait):
                rateLimitWaits += 1
                metrics.rateLimited.increment()
                guard rateLimitWaits <= policy.maxRateLimitWaits else {
                    return await fail(job, reason: "still rate limited after \(policy.maxRateLimitWaits) waits")
                }
                logger.info("rate limited", metadata: ["destination": "\(name)", "alert": "\(job.alert.id)", "retry_after": "\(wait)"])
                holdUntil = max(holdUntil, .now + wait)
            case .transient(let reason):
                job.attempts += 1
                guard let delay = policy.delay(afterFailure: job.attempts) else { return await fail(job, reason: reason) }
                metrics.retries.increment()
                logger.warning("delivery failed; retrying", metadata: [
                    "destination": "\(name)", "alert": "\(job.alert.id)", "attempt": "\(job.attempts)", "retry_in": "\(delay)", "reason": "\(reason)",
                ])
                await record(job, .pending, error: reason)
                holdUntil = max(holdUntil, .now + delay)
            case .rejected(let reason):
                job.attempts += 1
                return await fail(job, reason: reason)
            case .destinationGone(let reason):
                job.attempts += 1
                return await disable(job, reason: reason)
            }
        }
        metrics.delivered.increment()
    }

    /// Waits until the provider may be asked again; false when cancelled.
    private func pace() async -> Bool {
        guard holdUntil > .now else { return !Task.isCancelled }
        do { try await Task.sleep(until: holdUntil, clock: .continuous) } catch { return false }
        return true
    }

    private func fail(_ job: Job, reason: String) async {
        metrics.failed.increment()
        logger.error("alert not delivered", metadata: [
            "destination": "\(name)", "alert": "\(job.alert.id)", "kind": "\(job.alert.kind)", "attempts": "\(job.attempts)", "reason": "\(reason)",
        ])
        await record(job, .failed, error: reason)
        await report(name, .failed(job.alert, reason: reason, attempts: job.attempts))
    }

    private func disable(_ job: Job, reason: String) async {
        disabledReason = reason
        metrics.failed.increment()
        logger.critical("alert destination disabled", metadata: ["destination": "\(name)", "reason": "\(reason)", "queued": "\(depth - 1)"])
        await record(job, .failed, error: reason)
        await report(name, .disabled(reason: reason, pending: depth))
    }

    private func record(_ job: Job, _ state: AlertOutbox.State, error: String?) async {
        do {
            try await outbox.update(
                destination: name, alertID: job.alert.id, state: state, attempts: job.attempts, partsSent: job.partsSent, error: error, at: WallClock().now()
            )
        } catch {
            logger.error("delivery state not recorded", metadata: ["destination": "\(name)", "alert": "\(job.alert.id)", "error": "\(error)"])
        }
    }
}
