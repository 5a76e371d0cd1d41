import ArenaBus
import ArenaCore
import ArenaRuntime
import Execution

/// What the OMS publishes: order events on `order.<model>`, fills on
/// `fill.<model>`, funding payments on `funding.<model>`, account states on
/// `acct.<model>`, and alerts (a rejected order, a liquidation, the store).
struct ExecutionOutputs: Sendable {
    let outputs: ServiceOutputs

    /// Publishes the effects among `records` (inputs and receipts are not published).
    func publish(_ records: [ExecutionRecord]) {
        for record in records {
            switch record {
            case .order(let event):
                outputs.send(event, topic: ExecutionTopics.order(event.order.modelID))
                if event.status == .rejected { alert(.orderRejected(event)) }
            case .fill(let fill):
                outputs.send(fill, topic: ExecutionTopics.fill(fill.modelID))
                if fill.purpose == .liquidation { alert(.liquidated(fill)) }
            case .funding(let payment): outputs.send(payment, topic: ExecutionTopics.funding(payment.modelID))
            case .account(let account): outputs.send(account, topic: ArenaTopics.account(account.modelID))
            // A venue's report is an input; an instruction goes to the venue, not the bus.
            case .command, .market, .tick, .receipt, .venue, .instruction: break
            }
        }
    }

    /// What the OMS alerts on.
    enum Event {
        case orderRejected(OrderEvent)
        case liquidated(Fill)
        case storeDown(error: String)
        case storeRecovered(records: Int)
        case orderRefusedStoreDown(command: OrderCommand)
        /// A live venue's orders are refused (the switch, a key that may withdraw).
        case venueRefused(venue: String, reason: String)
        /// Reconciliation with a live venue found differences (settled by the venue's truth).
        case reconciliation(venue: String, differences: [String])
    }

    func alert(_ event: Event) {
        let now = WallClock().now()
        let alert: Alert
        switch event {
        case .orderRejected(let e):
            alert = Alert(
                id: "order_rejected-\(e.order.clientOrderID)", severity: .warning, kind: "order_rejected", source: outputs.service,
                title: "Order rejected for \(e.order.modelID)", message: "\(e.order.side.rawValue) \(e.order.quantity) \(e.order.symbol): \(e.reason ?? "no reason")",
                symbol: e.order.symbol, model: e.order.modelID, fields: ["order": e.order.clientOrderID.value, "purpose": e.order.purpose.rawValue], time: e.time
            )
        case .liquidated(let f):
            alert = Alert(
                id: "liquidation-\(f.fillID)", severity: .critical, kind: "liquidation", source: outputs.service,
                title: "\(f.modelID) liquidated on \(f.symbol)", message: "\(f.quantity) at \(f.price)", symbol: f.symbol, model: f.modelID,
                fields: ["order": f.clientOrderID.value], time: f.time
            )
        case .storeDown(let error):
            alert = Alert(
                id: "oms_store_down-\(now.milliseconds)", severity: .critical, kind: "store_down", source: outputs.service,
                title: "OMS store unavailable", message: "new risk is refused; exits and fills continue and wait in memory: \(error)", time: now
            )
        case .storeRecovered(let records):
            alert = Alert(
                id: "oms_store_recovered-\(now.milliseconds)", severity: .info, kind: "store_recovered", source: outputs.service,
                title: "OMS store back", message: "\(records) records kept in memory were persisted", time: now
            )
        case .orderRefusedStoreDown(let command):
            alert = Alert(
                id: "order_refused-\(command.commandID)", severity: .error, kind: "order_rejected", source: outputs.service,
                title: "Order refused: the OMS store is unavailable", message: "command \(command.commandID) adds risk and cannot be persisted",
                model: command.modelID, fields: ["reason": "store_unavailable"], time: now
            )
        case .venueRefused(let venue, let reason):
            alert = Alert(
                id: "venue_refused-\(now.milliseconds)", severity: .critical, kind: "live_orders_refused", source: outputs.service,
                title: "Live orders refused at \(venue)", message: reason, fields: ["venue": venue], time: now
            )
        case .reconciliation(let venue, let differences):
            alert = Alert(
                id: "reconciliation-\(now.milliseconds)", severity: .warning, kind: "reconciliation", source: outputs.service,
                title: "Reconciliation with \(venue): \(differences.count) difference\(differences.count == 1 ? "" : "s")",
                message: differences.joined(separator: "\n"), fields: ["venue": venue, "differences": "\(differences.count)"], time: now
            )
        }
        outputs.alert(alert)
    }
}
