import ArenaCore

/// A workload for measuring the kernel in process: orders through validation, the paper venue
/// and the ledger. The caller times ``run(orders:)``; the result counts what was done so the
/// work cannot be optimised away.
public enum ExecutionBenchmark {
    /// What one run did.
    public struct Result: Sendable, Hashable {
        public var orders: Int
        public var fills: Int
        public var records: Int
        public var finalNAV: FixedDecimal
    }

    /// `orders` market orders of one model on one spot symbol, alternately buying and selling
    /// 0.01 at prices walking around 100, each filled by the next trade.
    public static func run(orders: Int) -> Result {
        let model = ModelID(unchecked: "bench")
        let symbol = Symbol(unchecked: "BTCUSDT")
        let venue = ExecutionVenues.paper
        var kernel = ExecutionKernel(models: [model])
        var fills = 0, records = 0
        let quantity = FixedDecimal(raw: FixedDecimal.unitRaw / 100)
        for n in 0..<orders {
            let time = Timestamp(nanoseconds: Int64(n) * 2_000_000)
            let price = FixedDecimal(100 + n % 7)
            let spec = OrderSpec(
                clientOrderID: ClientOrderID.derived(from: "bench", leg: String(n)), modelID: model, source: "bench", venue: venue,
                symbol: symbol, market: .spot, side: n % 2 == 0 ? .buy : .sell, type: .market, quantity: quantity, reduceOnly: false,
                purpose: .entry, createdAt: time
            )
            records += kernel.handle(OrderCommand.place(OrderPlan(order: spec), at: time)).records.count
            let trade = Trade(
                venue: venue, symbol: symbol, market: .spot, tradeID: Int64(n), price: price, quantity: 1, takerSide: .buy,
                eventTime: Timestamp(nanoseconds: time.nanoseconds + 1_000_000), receiveTime: time
            )
            let step = kernel.handle(.trade(trade))
            records += step.records.count
            fills += step.records.reduce(0) { if case .fill = $1 { $0 + 1 } else { $0 } }
        }
        let nav = (try? kernel.ledger(of: model)?.nav()) ?? .zero
        return Result(orders: orders, fills: fills, records: records, finalNAV: nav)
    }
}
