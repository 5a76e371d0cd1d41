import ArenaBus
import ArenaCore
import ArenaRuntime
import ArenaStore
import Logging

/// Hands every decision to the risk guard by request/reply until it is
/// acknowledged (an ``AcknowledgedQueue``): in the order they were recorded,
/// retried with back-off forever under the same decision id, so the risk
/// guard can drop a repeat. The decision stays in the ledger marked
/// unforwarded until acknowledged, and a restarted engine resends it (``resume()``).
public struct RiskForwarder: Sendable {
    private let queue: AcknowledgedQueue<ModelDecision, DecisionAck>
    private let ledger: DecisionLedger?
    private let logger: Logger

    /// A forwarder over `requester` (connected to the risk guard's REP endpoint).
    public init(requester: any RequestClient, ledger: DecisionLedger?, backoff: Backoff, status: FeaturesStatus, logger: Logger) {
        self.ledger = ledger
        self.logger = logger
        queue = AcknowledgedQueue(
            requester: requester, peer: "risk guard", backoff: backoff,
            hooks: .init(
                id: \.decisionID, ackID: \.decisionID,
                acknowledged: { decision, ack in
                    status.increment(ack.firstReceipt ? .riskAcknowledged : .riskDuplicates)
                    do { try await ledger?.markForwarded(decision.decisionID, at: WallClock().now()) } catch {
                        // Acknowledged but not marked: a restart resends it and the risk guard drops the repeat.
                        logger.error("could not mark a decision forwarded", metadata: ["decision": "\(decision.decisionID)", "error": "\(error)"])
                    }
                },
                pending: { status.set(.riskPending, Int64($0)) }, failed: { status.increment(.riskFailures) }
            ),
            logger: logger
        )
    }

    /// Queues `decision` for the risk guard.
    public func submit(_ decision: ModelDecision) async { await queue.submit(decision) }

    /// Queues the decisions a previous run recorded but never had acknowledged, and returns them.
    @discardableResult
    public func resume() async throws(StoreError) -> [ModelDecision] {
        guard let ledger else { return [] }
        let pending = try await ledger.unforwarded()
        if !pending.isEmpty { logger.notice("resending decisions the risk guard never acknowledged", metadata: ["count": "\(pending.count)"]) }
        for decision in pending { await submit(decision) }
        return pending
    }

    /// Returns once every decision submitted so far is acknowledged (`false` if cancelled first).
    @discardableResult
    public func drained() async -> Bool { await queue.drained() }

    /// Sends queued decisions until cancelled.
    public func run() async { await queue.run() }
}
