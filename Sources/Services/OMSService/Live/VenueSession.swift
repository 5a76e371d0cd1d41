import ArenaCore
import ArenaRuntime
import ArenaStore
import Execution
import LiveVenues
import Logging

/// The OMS's connection to a live venue (``Execution/VenueMode/external``): it sends each
/// instruction the kernel journaled, in order, and hands back everything the venue says about
/// the orders as reports, which the ``OrderManager`` applies, persists and publishes.
///
/// - **Fail closed.** With the trading switch off (``ArenaCore/TradingSwitch/refused(venue:reason:)``),
///   with a key that may withdraw, or before the venue could be prepared, no order is sent: a
///   placement is rejected with the reason, and a cancel of what was never sent ends here.
/// - **Unknown outcomes** are queried by client order id, never sent again; so are the working
///   orders, every `poll` interval (the fills of a resting order, and any missed push).
/// - **Reconciliation** at start (``VenueReconciliation``): every order the journal says the venue
///   may hold is queried (what filled or ended while the OMS was down is applied, once), orders the
///   OMS never placed and balance changes outside the arena are recorded and alerted. What it cannot
///   settle is a doubt: no new order is placed (cancels still go) until a reconciliation, tried again
///   every poll, settles it.
actor VenueSession {
    let venue: any LiveVenue
    let manager: OrderManager
    let reconciliation: VenueReconciliation
    let outputs: ExecutionOutputs
    let status: OMSStatus
    let logger: Logger
    let poll: Duration
    /// How long after start the session waits before it reconciles: subscribers of a restarted
    /// OMS reconnect to its PUB socket within a heartbeat or two, and what is published before
    /// they are back (the fills reconciliation applies) would never reach them.
    let settle: Duration
    /// Why orders are refused, when they are (nil: they are sent).
    private(set) var refusal: String?
    /// What the last reconciliation could not settle: no new order goes out until one does.
    private(set) var doubt: String?
    /// The orders the journal held at start (a NEW one among them is settled only by reconciliation).
    private var inherited: Set<ClientOrderID> = []
    /// Cancels the venue did not confirm (no answer, the venue unreachable): sent again every poll
    /// while their order works, since the kernel asks only once.
    private var unconfirmedCancels: [ClientOrderID: VenueInstruction] = [:]
    private let instructions: AsyncStream<VenueInstruction>
    private let inbox: AsyncStream<VenueInstruction>.Continuation

    init(
        venue: any LiveVenue, switch decision: TradingSwitch, manager: OrderManager, store: StoreHandle, symbols: [Symbol],
        outputs: ExecutionOutputs, status: OMSStatus, logger: Logger, poll: Duration, settle: Duration
    ) {
        self.venue = venue
        self.manager = manager
        self.outputs = outputs
        self.status = status
        self.logger = logger
        self.poll = poll
        self.settle = settle
        refusal = decision.sendsOrders ? nil : (decision.refusal ?? "live_trading_disabled: \(decision)")
        reconciliation = VenueReconciliation(venue: venue, manager: manager, store: store, logger: logger, symbols: symbols)
        (instructions, inbox) = AsyncStream.makeStream(of: VenueInstruction.self)
    }

    /// Where the order manager hands the instructions of each applied step.
    nonisolated func enqueue(_ batch: [VenueInstruction]) {
        for instruction in batch { inbox.yield(instruction) }
    }

    /// Prepares the venue (until it can be used), reconciles the orders the journal held at start
    /// (`inherited`), then sends instructions (those of orders taken meanwhile wait) and polls the
    /// working orders until cancelled.
    func run(inherited: Set<ClientOrderID>) async {
        self.inherited = inherited
        try? await Task.sleep(for: settle)
        if refusal == nil { await prepare() }
        await withDiscardingTaskGroup { group in
            if refusal == nil {
                // The stream first: what happens from now on is pushed, what happened before is reconciled.
                group.addTask { await self.followPushes() }
                await reconcile("start", inherited)
            }
            group.addTask { await self.sendInstructions() }
            group.addTask { await self.pollWorkingOrders() }
        }
    }

    private func reconcile(_ reason: String, _ orders: Set<ClientOrderID>) async {
        let found = await reconciliation.run(reason: reason, inherited: orders)
        status.increment(.reconciliations)
        report(found.differences)
        let before = doubt
        doubt = found.unresolved.isEmpty ? nil : "reconciliation_unresolved: " + found.unresolved.joined(separator: "; ")
        if let doubt, doubt != before {
            logger.error("new orders stop until reconciliation settles", metadata: ["venue": "\(venue.summary)", "doubt": "\(doubt)"])
            outputs.alert(.venueRefused(venue: venue.summary, reason: doubt))
        } else if doubt == nil, before != nil {
            logger.notice("reconciliation settled: new orders go out again", metadata: ["venue": "\(venue.summary)"])
        }
    }

    /// Applies what the venue pushes; after a gap in the stream, reconciles the orders it holds
    /// (not those whose placement is still on its way: their answer settles them).
    private func followPushes() async {
        for await push in venue.pushes() {
            switch push {
            case .report(let report): await manager.apply(report)
            case .live(let resumed):
                logger.info("user-data stream live", metadata: ["venue": "\(venue.summary)", "resumed": "\(resumed)"])
                guard resumed else { continue }
                let held = await manager.ordersAtVenue.filter { $0.status != .new }.map(\.spec.clientOrderID)
                await reconcile("stream resumed", Set(held))
            case .interrupted(let reason):
                logger.warning("user-data stream interrupted; polling covers the gap", metadata: ["venue": "\(venue.summary)", "reason": "\(reason)"])
            }
        }
    }

    /// Loads the venue's rules and checks the key, retrying (with a back-off) while the venue cannot
    /// be reached; a key with withdrawal permission turns every order away.
    private func prepare() async {
        var attempt = 0
        while !Task.isCancelled {
            do {
                try await venue.prepare()
                if try await venue.canWithdraw() == true {
                    refuse("withdrawal_permission: the API key may withdraw; create a key with trade permission only")
                }
                return
            } catch {
                logger.warning("live venue not ready; orders wait", metadata: ["venue": "\(venue.summary)", "error": "\(error)"])
                try? await Task.sleep(for: Self.unreachable.delay(attempt: attempt))
                attempt += 1
            }
        }
    }

    /// How long to wait before trying an unreachable venue again.
    static let unreachable = Backoff(initial: .seconds(1), maximum: .seconds(30))

    private func refuse(_ reason: String) {
        refusal = reason
        logger.critical("live orders refused", metadata: ["venue": "\(venue.summary)", "reason": "\(reason)"])
        outputs.alert(.venueRefused(venue: venue.summary, reason: reason))
    }

    private func sendInstructions() async {
        for await instruction in instructions {
            guard !Task.isCancelled else { return }
            status.increment(.venueInstructions)
            let reports = await execute(instruction)
            if instruction.kind == .cancel, reports.isEmpty { unconfirmedCancels[instruction.order.clientOrderID] = instruction }
            for report in reports { await manager.apply(report) }
        }
    }

    /// What the venue said to `instruction`, or, while orders are refused, the refusal.
    private func execute(_ instruction: VenueInstruction) async -> [VenueReport] {
        let order = instruction.order
        if let refusal {
            status.increment(.refusedBySwitch)
            // Nothing refused here ever reached the venue: a cancel ends the order here.
            let kind: VenueReport.Kind = instruction.kind == .place ? .rejected : .cancelled
            return [VenueReport(kind: kind, clientOrderID: order.clientOrderID, reason: refusal, time: instruction.time)]
        }
        if let doubt, instruction.kind == .place {
            return [VenueReport(kind: .rejected, clientOrderID: order.clientOrderID, reason: doubt, time: instruction.time)]
        }
        switch instruction.kind {
        case .place: return await venue.place(order, referencePrice: await manager.lastPrice(of: order.symbol))
        case .cancel: return await venue.cancel(order)
        }
    }

    /// Queries the orders known at the venue (working or unknown) every `poll`: fills of resting
    /// orders, outcomes that were unknown, ends the venue decided (an expiry, a cancel by an operator).
    private func pollWorkingOrders() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: poll)
            guard refusal == nil else { continue }
            // A NEW order's placement may still be on its way: only its answer, or a start's reconciliation, settles it.
            let orders = await manager.ordersAtVenue
            let held = orders.filter { $0.status != .new }
            if doubt != nil {
                let again = orders.filter { $0.status != .new || inherited.contains($0.spec.clientOrderID) }
                await reconcile("doubt", Set(again.map(\.spec.clientOrderID)))
                continue
            }
            for order in held {
                for report in await venue.resolve(order.spec) { await manager.apply(report) }
            }
            await retryCancels()
        }
    }

    /// Sends again the cancels the venue never confirmed, of orders still working.
    private func retryCancels() async {
        for (id, instruction) in unconfirmedCancels {
            guard await manager.order(id)?.isWorking == true else {
                unconfirmedCancels[id] = nil
                continue
            }
            let reports = await venue.cancel(instruction.order)
            if !reports.isEmpty { unconfirmedCancels[id] = nil }
            for report in reports { await manager.apply(report) }
        }
    }

    private func report(_ differences: [String]) {
        guard !differences.isEmpty else { return }
        status.increment(.reconciliationDifferences, by: Int64(differences.count))
        logger.warning("reconciliation found differences", metadata: ["count": "\(differences.count)", "differences": "\(differences.joined(separator: "; "))"])
        outputs.alert(.reconciliation(venue: venue.summary, differences: differences))
    }
}
