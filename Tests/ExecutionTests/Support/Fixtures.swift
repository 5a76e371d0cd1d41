import ArenaCore
import ArenaTesting
import Execution
import Foundation
import MarketData

/// Orders, market data and real sample paths for the execution tests.
enum Fx {
    static let paper = VenueID(unchecked: "paper")
    static let btc = Symbol(unchecked: "BTCUSDT")
    static let eth = Symbol(unchecked: "ETHUSDT")
    static let alpha = ModelID(unchecked: "alpha")
    static let beta = ModelID(unchecked: "beta")
    static let minute: Int64 = 60_000_000_000

    static func d(_ text: String) -> FixedDecimal { FixedDecimal(text) ?? .zero }
    static func t(_ minutes: Int64) -> Timestamp { Timestamp(nanoseconds: minutes * minute) }

    static func spec(
        _ id: String, model: ModelID = alpha, symbol: Symbol = btc, market: MarketKind = .spot, side: Side = .buy,
        type: OrderType = .market, quantity: String = "1", limit: String? = nil, trigger: String? = nil, tif: TimeInForce = .gtc,
        reduceOnly: Bool = false, leverage: String = "1", purpose: OrderPurpose = .entry, at time: Timestamp = t(0)
    ) -> OrderSpec {
        OrderSpec(
            clientOrderID: ClientOrderID(unchecked: id), modelID: model, source: "test", venue: paper, symbol: symbol, market: market,
            side: side, type: type, quantity: d(quantity), limitPrice: limit.map(d), triggerPrice: trigger.map(d), timeInForce: tif,
            reduceOnly: reduceOnly, leverage: d(leverage), purpose: purpose, createdAt: time
        )
    }

    static func bar(_ openMinute: Int64, _ o: String, _ h: String, _ l: String, _ c: String, symbol: Symbol = btc) -> Bar {
        Bar(
            venue: paper, symbol: symbol, timeframe: .m1, openTime: t(openMinute), open: d(o), high: d(h), low: d(l), close: d(c),
            volume: 1, isClosed: true
        )
    }

    static func trade(_ time: Timestamp, _ price: String, symbol: Symbol = btc, id: Int64 = 1) -> Trade {
        Trade(venue: paper, symbol: symbol, market: .spot, tradeID: id, price: d(price), quantity: 1, takerSide: .buy, eventTime: time, receiveTime: time)
    }

    static func place(_ plan: OrderPlan, at time: Timestamp? = nil) -> OrderCommand {
        OrderCommand.place(plan, at: time ?? plan.order.createdAt)
    }

    static func fills(_ records: [ExecutionRecord]) -> [Fill] {
        records.compactMap { if case .fill(let f) = $0 { f } else { nil } }
    }

    static func events(_ records: [ExecutionRecord]) -> [OrderEvent] {
        records.compactMap { if case .order(let e) = $0 { e } else { nil } }
    }

    static func payments(_ records: [ExecutionRecord]) -> [FundingPayment] {
        records.compactMap { if case .funding(let p) = $0 { p } else { nil } }
    }

    // MARK: Real data

    static func btcSpotMinutes() throws -> [Bar] {
        try KlineFile.bars(
            atPath: TestData.samples.appendingPathComponent("BTC_USDT-1m-20230401-20230403.json").path, venue: paper, symbol: btc, timeframe: .m1
        )
    }

    static func ethPerpMinutes() throws -> [Bar] {
        try KlineFile.bars(
            atPath: TestData.samples.appendingPathComponent("ETH_USDT_USDT-1m-futures-20250527-20250531.csv").path,
            venue: paper, symbol: eth, timeframe: .m1
        )
    }

    /// The funding file of `symbol` read by MarketData's replay source.
    static func fundingRates(_ symbol: Symbol) throws -> [FundingRate] {
        let name = symbol == btc ? "BTC" : "ETH"
        let path = TestData.samples.appendingPathComponent("\(name)_USDT_USDT-8h-funding_rate.csv").path
        var source = try FundingCSVSource(lines: ByteLines(path: path), venue: paper, symbol: symbol)
        var out: [FundingRate] = []
        while let event = try source.next() {
            if case .market(.funding(let f)) = event { out.append(f) }
        }
        return out
    }

    /// The same file parsed independently here: (epoch ms, rate) from the `date` and `open` columns.
    static func fundingColumns(_ symbol: Symbol) throws -> [(Int64, FixedDecimal)] {
        let name = symbol == btc ? "BTC" : "ETH"
        let text = try String(contentsOf: TestData.samples.appendingPathComponent("\(name)_USDT_USDT-8h-funding_rate.csv"), encoding: .utf8)
        return try text.split(separator: "\n").dropFirst().map { line in
            let fields = line.split(separator: ",")
            guard fields.count >= 2, let ms = Int64(fields[0]) else { throw FixtureError.badLine(String(line)) }
            return (ms, try FixedDecimal(parsing: fields[1]))
        }
    }

    enum FixtureError: Error { case badLine(String) }
}
