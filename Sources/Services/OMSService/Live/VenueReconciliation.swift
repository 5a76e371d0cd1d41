import ArenaCore
import ArenaRuntime
import ArenaStore
import Execution
import LiveVenues
import Logging

/// Compares a live venue with the OMS and settles every difference by the venue's truth:
/// - each order the journal says the venue holds or may hold is queried, and what the venue did
///   with it while the OMS was not listening (trades, a cancel, an expiry; an order it never
///   received is lost) is applied, each trade once;
/// - an open order at the venue that this OMS never placed is listed (not adopted: no model owns it);
/// - the account's balances, less what the arena's trading accounts for, are compared per asset
///   with the last reconciliation's (``OMSTables/venueOutside``): a change is money that moved
///   outside the arena, listed and then taken as the new reference.
///
/// It returns the differences, one sentence each, for the log and an alert, and what it could not
/// settle (an order it could not query, balances it could not read): a doubt that stops new orders.
struct VenueReconciliation: Sendable {
    /// What a reconciliation found.
    struct Outcome: Sendable {
        var differences: [String] = []
        /// What stays in doubt.
        var unresolved: [String] = []
    }

    let venue: any LiveVenue
    let manager: OrderManager
    let store: StoreHandle
    let logger: Logger
    /// The assets compared: the bases of the universe's symbols, and the quote asset they share.
    let bases: [String]
    let quote: String?

    init(venue: any LiveVenue, manager: OrderManager, store: StoreHandle, logger: Logger, symbols: [Symbol]) {
        self.venue = venue
        self.manager = manager
        self.store = store
        self.logger = logger
        let split = symbols.compactMap(VenueAssets.split)
        bases = split.map(\.base)
        quote = split.first?.quote
    }

    /// Reconciles the orders among `inherited` (those the journal held at start: an order placed
    /// since may still be on its way to the venue, and its own answer settles it), the venue's
    /// strangers and the balances.
    func run(reason: String, inherited: Set<ClientOrderID>) async -> Outcome {
        logger.info("reconciling with the live venue", metadata: ["venue": "\(venue.summary)", "reason": "\(reason)", "orders": "\(inherited.count)"])
        var outcome = Outcome()
        await orders(inherited, into: &outcome)
        await strangers(into: &outcome)
        await balances(into: &outcome)
        return outcome
    }

    private func orders(_ inherited: Set<ClientOrderID>, into outcome: inout Outcome) async {
        for before in await manager.ordersAtVenue where inherited.contains(before.spec.clientOrderID) {
            let id = before.spec.clientOrderID
            let reports = await venue.resolve(before.spec)
            guard !reports.isEmpty else {
                outcome.unresolved.append("\(id) could not be queried; it stays \(before.status.rawValue)")
                continue
            }
            for report in reports { await manager.apply(report) }
            guard let after = await manager.order(id), after.status != before.status || after.filledQuantity != before.filledQuantity else { continue }
            outcome.differences.append(
                "\(id) (\(before.spec.side.rawValue) \(before.spec.quantity) \(before.spec.symbol)) was \(before.status.rawValue) with \(before.filledQuantity) filled, "
                    + "is \(after.status.rawValue) with \(after.filledQuantity) filled at the venue"
            )
        }
    }

    private func strangers(into outcome: inout Outcome) async {
        do {
            for open in try await venue.openOrders() {
                if let id = open.clientOrderID, await manager.order(id) != nil { continue }
                outcome.differences.append(
                    "open at the venue but not placed by this OMS: \(open.clientOrderID?.value ?? "no client id") (venue id \(open.venueOrderID)), "
                        + "\(open.side.rawValue) \(open.quantity) \(open.symbol), \(open.filledQuantity) filled"
                )
            }
        } catch {
            outcome.unresolved.append("open orders not read: \(error)")
        }
    }

    private func balances(into outcome: inout Outcome) async {
        let view = await manager.netEffect
        let current: [String: FixedDecimal]
        do { current = try await venue.balances() } catch {
            outcome.unresolved.append("balances not read: \(error)")
            return
        }
        var arena: [String: FixedDecimal] = [:]
        for (symbol, quantity) in view.positions {
            guard let (base, _) = VenueAssets.split(symbol) else { continue }
            arena[base, default: .zero] += quantity
        }
        if let quote { arena[quote, default: .zero] += view.quote }
        do {
            let database = try await store.value()
            let stored = Dictionary(
                try await database.query(VenueOutsideRow.selectAll(database.dialect), []).map { row in
                    let r = try VenueOutsideRow(row: row)
                    return (r.asset, r.amount)
                }, uniquingKeysWith: { $1 }
            )
            var rows: [VenueOutsideRow] = []
            let now = WallClock().now()
            for asset in Set(bases + [quote].compactMap { $0 }).union(arena.keys).sorted() {
                let outside = (current[asset] ?? .zero) - (arena[asset] ?? .zero)
                if let before = stored[asset], before != outside {
                    outcome.differences.append("\(asset) balance moved by \(outside - before) outside the arena's trading (outside holdings \(before) → \(outside))")
                }
                rows.append(VenueOutsideRow(asset: asset, amount: outside, updatedAt: now))
            }
            try await TableSink<VenueOutsideRow>(database: database).write(rows)
        } catch {
            outcome.unresolved.append("balances not compared: \(error)")
        }
    }
}
