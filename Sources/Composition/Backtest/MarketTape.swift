import ArenaCore
import ArenaStore
import GatewayService
import MarketData

/// The market gateway's replay without the bus: the configured files opened by the gateway's
/// own reader, merged in time order, and run through the gateway's kernel (checks, bars of every
/// timeframe, closes on the replayed clock) exactly as ``GatewayService/ReplayFeed`` does at
/// speed 0. What comes out is what the gateway would publish, in the order it would.
public struct MarketTape {
    private var engine: ReplayEngine
    private var kernel: MarketKernel
    private var buffered: [MarketMessage] = []
    private var next = 0
    private var lastSecond: Int64 = .min
    private var last: Timestamp?
    private var finished = false
    /// What the gateway kernel reported about the data (gaps, jumps, duplicates), in order.
    public private(set) var findings: [DataFinding] = []

    /// A tape of `market`'s replay files; an unreadable file or an unknown format throws.
    public init(_ market: MarketConfig) throws {
        try self.init(market, sources: try market.replay.files.map { try ReplayFileOpener.open($0, market: market) })
    }

    /// A tape of `input`: the replay files, or what a gateway stored.
    public static func open(_ market: MarketConfig, input: BacktestInput) async throws -> MarketTape {
        switch input {
        case .files: return try MarketTape(market)
        case .store(let url, let range):
            let database = try await Store.open(url: url)
            defer { Task { await database.close() } }
            return try MarketTape(market, sources: try await StoredMarket.sources(database, market: market, range: range))
        }
    }

    /// A tape of `sources`, merged in time order, through the kernel of `market`.
    init(_ market: MarketConfig, sources: [any ReplaySource]) throws {
        engine = ReplayEngine(sources: sources, clock: SimulatedClock(start: Timestamp(nanoseconds: 0)))
        kernel = try MarketKernel(
            configuration: KernelConfiguration(market), universe: market.symbols.map { InstrumentKey(venue: market.venue, symbol: $0) },
            staleStreams: []
        )
    }

    /// The next message the gateway would publish; nil at the end of the files.
    public mutating func nextMessage() throws -> MarketMessage? {
        while next == buffered.count {
            buffered.removeAll(keepingCapacity: true)
            next = 0
            if finished { return nil }
            try refill()
        }
        defer { next += 1 }
        return buffered[next]
    }

    /// Reads one event (closing what ended before it, at replayed time, as the gateway's feed does),
    /// or closes the last minute at the end.
    private mutating func refill() throws {
        guard let event = try engine.next() else {
            finished = true
            if let last { take(kernel.advance(to: last)) }
            return
        }
        let t = event.eventTime, second = t.nanoseconds / 1_000_000_000
        if second > lastSecond, let last { take(kernel.advance(to: last)) }
        lastSecond = max(lastSecond, second)
        take(kernel.process(event))
        last = max(last ?? t, t)
    }

    private mutating func take(_ outputs: [KernelOutput]) {
        for output in outputs {
            switch output {
            case .market(let message): buffered.append(message)
            case .finding(let finding): findings.append(finding)
            case .needsSnapshot: break  // files carry no depth stream to resynchronise
            }
        }
    }
}
