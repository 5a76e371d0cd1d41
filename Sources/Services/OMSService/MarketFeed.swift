import ArenaBus
import ArenaCore
import ArenaRuntime
import ArenaWire
import Execution

/// The market data the OMS fills on, from the gateway's stream and, after a
/// restart, from its history: closed 1m bars or trades (``ExecutionConfig/FillSource``),
/// plus order books and funding rates.
struct MarketFeed: Sendable {
    let fillOn: ExecutionConfig.FillSource
    let symbols: [Symbol]

    /// The gateway topics taken (with its lockstep pace marks), its heartbeat last (the first to arrive proves the others are in place).
    var topics: [String] {
        let fills = fillOn == .bars ? "md.bar.1m." : "md.trade."
        return [fills, "md.depth.", "md.funding.", PaceTopics.mark("gateway"), HeartbeatPublisher.topic("gateway")]
    }

    /// The kernel input of a stream message, or nil for what the OMS does not use.
    func input(_ message: any BusMessage) throws(WireError) -> MarketInput? {
        guard let market = try MarketMessage(message) else { return nil }
        switch market {
        case .bar(let bar) where fillOn == .bars && bar.timeframe == .m1 && bar.isClosed: return .bar(bar)
        case .trade(let trade) where fillOn == .trades: return .trade(trade)
        case .depth(let depth): return .depth(depth)
        case .funding(let rate): return .funding(rate)
        default: return nil
        }
    }

    /// What the gateway stored from `time` on for every symbol, in market-time order: the catch-up
    /// after a restart (the caller drops what it applied already).
    func history(from time: Timestamp, from client: HistoryClient) async throws(BusError) -> [MarketInput] {
        // The range's end is exclusive and far ahead: the gateway answers with what it has.
        let range = TimeRange(from: time, to: time.advanced(by: .seconds(366 * 86_400)))
        var inputs: [MarketInput] = []
        for symbol in symbols {
            switch fillOn {
            case .bars: inputs += try await client.bars(symbol, .m1, in: range).filter { $0.isClosed }.map(MarketInput.bar)
            case .trades: inputs += try await client.trades(symbol, in: range).map(MarketInput.trade)
            }
        }
        return inputs.filter { $0.time >= time }.sorted { ($0.time, $0.symbol) < ($1.time, $1.symbol) }
    }
}
