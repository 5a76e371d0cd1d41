import ArenaBus
import ArenaCore
import ArenaStore
import Logging

/// Hands every decision to the risk guard by request/reply until it is
/// acknowledged (DESIGN: what must not be lost travels on req/rep with an
/// acknowledgement, idempotent by id).
///
/// Decisions are sent one at a time in the order they were recorded. A
/// request that fails (risk guard down, timeout after the requester's own
/// retries) is retried with back-off, forever, with the same decision id, so
/// the risk guard can drop a repeat; the decision stays in the ledger marked
/// unforwarded, and a restarted engine resends it (``resume()``).
public actor RiskForwarder {
    private let requester: any RequestClient
    private let ledger: DecisionLedger?
    private let backoff: Backoff
    private let status: FeaturesStatus
    private let logger: Logger
    private var queue: [ModelDecision] = []
    private var queued: Set<String> = []
    private var wake: AsyncStream<Void>.Continuation?
    private var failures = 0

    /// A forwarder over `requester` (connected to the risk guard's REP endpoint).
    public init(requester: any RequestClient, ledger: DecisionLedger?, backoff: Backoff, status: FeaturesStatus, logger: Logger) {
        self.requester = requester
        self.ledger = ledger
        self.backoff = backoff
        self.status = status
        self.logger = logger
    }

    /// Queues `decision` for the risk guard.
    public func submit(_ decision: ModelDecision) {
        guard queued.insert(decision.decisionID).inserted else { return }
        queue.append(decision)
        status.set(.riskPending, Int64(queue.count))
        wake?.yield()
    }

    /// Queues the decisions a previous run recorded but never had acknowledged.
    public func resume() async throws(StoreError) {
        guard let ledger else { return }
        let pending = try await ledger.unforwarded()
        if !pending.isEmpty { logger.notice("resending decisions the risk guard never acknowledged", metadata: ["count": "\(pending.count)"]) }
        for decision in pending { submit(decision) }
    }

    /// Sends queued decisions until cancelled.
    public func run() async {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        wake = continuation
        defer { continuation.finish() }
        var wakeups = stream.makeAsyncIterator()
        while !Task.isCancelled {
            guard let next = queue.first else {
                if await wakeups.next() == nil { return }
                continue
            }
            if await send(next) {
                queue.removeFirst()
                queued.remove(next.decisionID)
                status.set(.riskPending, Int64(queue.count))
                failures = 0
            } else {
                failures += 1
                do { try await Task.sleep(for: backoff.delay(attempt: failures)) } catch { return }
            }
        }
    }

    private func send(_ decision: ModelDecision) async -> Bool {
        let ack: DecisionAck
        do { ack = try await requester.request(decision, expecting: DecisionAck.self) } catch {
            status.increment(.riskFailures)
            if failures == 0 || failures % 20 == 0 {
                logger.warning("risk guard did not acknowledge a decision; retrying", metadata: ["decision": "\(decision.decisionID)", "error": "\(error)"])
            }
            return false
        }
        guard ack.decisionID == decision.decisionID else {
            status.increment(.riskFailures)
            logger.error("risk guard acknowledged another decision", metadata: ["sent": "\(decision.decisionID)", "acknowledged": "\(ack.decisionID)"])
            return false
        }
        status.increment(ack.firstReceipt ? .riskAcknowledged : .riskDuplicates)
        do { try await ledger?.markForwarded(decision.decisionID, at: WallClock().now()) } catch {
            // Acknowledged but not marked: a restart resends it and the risk guard drops the repeat.
            logger.error("could not mark a decision forwarded", metadata: ["decision": "\(decision.decisionID)", "error": "\(error)"])
        }
        return true
    }
}
