import ArenaCore

extension WireSamples {
    /// Samples of the risk guard's and the OMS's messages, in id order.
    static func execution(model: ModelID, symbol: Symbol, tick: Timestamp, decisionID: String, bracket: Bracket?) -> [(name: String, message: any WireMessage)] {
        func d(_ s: String) -> FixedDecimal { try! FixedDecimal(parsing: s) }
        let entry = OrderSpec(
            clientOrderID: ClientOrderID.derived(from: decisionID, leg: "entry"), modelID: model, source: decisionID,
            venue: VenueID(unchecked: "paper"), symbol: symbol, market: .spot, side: .buy, type: .market, quantity: d("0.029"),
            reduceOnly: false, purpose: .entry, createdAt: tick, quoteBudget: d("1950.5")
        )
        let plan = OrderPlan(order: entry, bracket: bracket, twap: TWAPPlan(slices: 3, intervalSeconds: 60))
        let later = tick.advanced(by: .seconds(60))
        let fill = Fill(
            fillID: "\(entry.clientOrderID)#1", clientOrderID: entry.clientOrderID, modelID: model, symbol: symbol, market: .spot,
            side: .buy, quantity: d("0.029"), price: d("67067.05"), fee: d("0.97247222"), liquidity: .taker, purpose: .entry, time: later
        )
        let states = [
            TradingStateEntry(modelID: nil, state: .active, reason: "", until: nil),
            TradingStateEntry(modelID: model, state: .halted, reason: "daily_drawdown: down 5.2% today", until: Timestamp(milliseconds: 1_722_556_800_000)),
        ]
        return [
            ("RiskVerdict", RiskVerdict(
                decisionID: decisionID, modelID: model, tick: tick, outcome: .resized, reasons: ["max_order_pct"],
                changes: [VerdictChange(field: "quantity", from: "0.031", to: "0.029", rule: "max_order_pct")], plans: [plan],
                state: .active, nav: d("10013.7335"), message: "order cut to 20% of NAV"
            )),
            ("TradingStateChange", TradingStateChange(
                modelID: model, from: .active, to: .halted, reason: "daily_drawdown: down 5.2% today", by: "rule:daily_drawdown",
                until: Timestamp(milliseconds: 1_722_556_800_000), time: later
            )),
            ("TradingControl", TradingControl(
                requestID: "op-7", command: .setState, modelID: model, state: .reducing, operatorName: "alice", reason: "review"
            )),
            ("TradingControlReply", TradingControlReply(requestID: "op-7", applied: true, firstReceipt: true, message: "set", states: states)),
            ("OrderCommand", OrderCommand.place(plan, at: tick)),
            ("OrderCommandAck", OrderCommandAck(commandID: entry.clientOrderID.value, firstReceipt: true, accepted: true)),
            ("OrderEvent", OrderEvent(
                sequence: 3, order: entry, status: .filled, filledQuantity: d("0.029"), averagePrice: d("67067.05"), fill: fill,
                reason: nil, time: later
            )),
            ("Fill", fill),
            ("FundingPayment", FundingPayment(
                modelID: model, symbol: symbol, rate: d("0.0001"), positionQuantity: d("-0.5"), markPrice: d("67000"),
                amount: d("3.35"), time: Timestamp(milliseconds: 1_722_499_200_000)
            )),
            ("VenueReport", VenueReport.fill(
                entry.clientOrderID, tradeID: "3290417716", quantity: d("0.029"), price: d("67067.05"), fee: d("0.97247222"), liquidity: .taker,
                at: later
            )),
            ("VenueInstruction", VenueInstruction(kind: .cancel, order: entry, reason: "oco_stop_filled: the stop loss filled", time: later)),
        ]
    }
}
