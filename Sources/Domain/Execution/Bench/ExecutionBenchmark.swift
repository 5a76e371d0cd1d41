import ArenaCore

/// A workload for measuring the kernel in process: orders through validation, the paper venue
/// and the ledger. The caller builds the ``Inputs`` (the commands and trades, as the OMS receives
/// them decoded) outside its timing and times ``run(_:)``; the result counts what was done so the
/// work cannot be optimised away.
public enum ExecutionBenchmark {
    /// What one run did.
    public struct Result: Sendable, Hashable {
        public var orders: Int
        public var fills: Int
        public var records: Int
        public var finalNAV: FixedDecimal
    }

    /// The inputs of a run: for each order, its PLACE command and the trade that fills it.
    public struct Inputs: Sendable {
        public let model: ModelID
        public let steps: [(command: OrderCommand, trade: MarketInput)]

        /// `orders` market orders of one model on one spot symbol, alternately buying and selling
        /// 0.01 at prices walking around 100, each filled by the next trade.
        public init(orders: Int) {
            let model = ModelID(unchecked: "bench")
            let symbol = Symbol(unchecked: "BTCUSDT")
            let venue = ExecutionVenues.paper
            let quantity = FixedDecimal(raw: FixedDecimal.unitRaw / 100)
            self.model = model
            steps = (0..<orders).map { n in
                let time = Timestamp(nanoseconds: Int64(n) * 2_000_000)
                let spec = OrderSpec(
                    clientOrderID: ClientOrderID.derived(from: "bench", leg: String(n)), modelID: model, source: "bench", venue: venue,
                    symbol: symbol, market: .spot, side: n % 2 == 0 ? .buy : .sell, type: .market, quantity: quantity, reduceOnly: false,
                    purpose: .entry, createdAt: time
                )
                let trade = Trade(
                    venue: venue, symbol: symbol, market: .spot, tradeID: Int64(n), price: FixedDecimal(100 + n % 7), quantity: 1,
                    takerSide: .buy, eventTime: Timestamp(nanoseconds: time.nanoseconds + 1_000_000), receiveTime: time
                )
                return (OrderCommand.place(OrderPlan(order: spec), at: time), .trade(trade))
            }
        }
    }

    /// Builds the inputs of `orders` orders and runs them.
    public static func run(orders: Int) -> Result { run(Inputs(orders: orders)) }

    /// Feeds `inputs` to a fresh kernel: each command, then its trade.
    public static func run(_ inputs: Inputs) -> Result {
        var kernel = ExecutionKernel(models: [inputs.model])
        var fills = 0, records = 0
        for (command, trade) in inputs.steps {
            records += kernel.handle(command).records.count
            let step = kernel.handle(trade)
            records += step.records.count
            fills += step.records.reduce(0) { if case .fill = $1 { $0 + 1 } else { $0 } }
        }
        let nav = (try? kernel.ledger(of: inputs.model)?.nav()) ?? .zero
        return Result(orders: inputs.steps.count, fills: fills, records: records, finalNAV: nav)
    }
}
