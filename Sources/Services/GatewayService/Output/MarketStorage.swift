import ArenaCore
import ArenaStore
import Logging
import MarketData

/// Persists what the gateway publishes, in batches (COPY on PostgreSQL):
/// trades, bars, funding, liquidations, positioning, and the holes it found.
///
/// Market data goes through ``BatchWriter/tryEnqueue(_:)``: during a long
/// database outage the bounded buffer fills and the excess is dropped,
/// counted and reported as a writer gap instead of stalling the feed.
public struct MarketStorage: Sendable {
    let trades: BatchWriter<Trade>
    let bars: BatchWriter<Bar>
    let funding: BatchWriter<FundingRate>
    let liquidations: BatchWriter<Liquidation>
    let positioning: BatchWriter<Positioning>
    let gaps: BatchWriter<DataGapRecord>

    /// Writers into `database`; `alert` hears about outages and dropped rows.
    public init(database: any SQLDatabase, logger: Logger, alert: @escaping @Sendable (WriterAlert) -> Void) {
        func writer<Row: TableRow>(_ name: String, _ type: Row.Type) -> BatchWriter<Row> {
            BatchWriter(
                configuration: BatchWriterConfiguration(name: "gateway.\(name)"), sink: TableSink<Row>(database: database),
                alert: alert, logger: logger
            )
        }
        trades = writer("trades", Trade.self)
        bars = writer("bars", Bar.self)
        funding = writer("funding", FundingRate.self)
        liquidations = writer("liquidations", Liquidation.self)
        positioning = writer("positioning", Positioning.self)
        gaps = writer("gaps", DataGapRecord.self)
    }

    /// Buffers the storable outputs (trades, closed bars, funding, liquidations, positioning).
    public func store(_ outputs: [KernelOutput]) async {
        var t: [Trade] = [], b: [Bar] = [], f: [FundingRate] = [], l: [Liquidation] = [], p: [Positioning] = []
        for output in outputs {
            guard case .market(let message) = output else { continue }
            switch message {
            case .trade(let x): t.append(x)
            case .bar(let x): b.append(x)
            case .funding(let x): f.append(x)
            case .liquidation(let x): l.append(x)
            case .positioning(let x): p.append(x)
            case .bookTop, .depth: break
            }
        }
        if !t.isEmpty { _ = await trades.tryEnqueue(t) }
        if !b.isEmpty { _ = await bars.tryEnqueue(b) }
        if !f.isEmpty { _ = await funding.tryEnqueue(f) }
        if !l.isEmpty { _ = await liquidations.tryEnqueue(l) }
        if !p.isEmpty { _ = await positioning.tryEnqueue(p) }
    }

    /// Records a hole (or its repair); waits until it is buffered.
    public func record(_ gap: DataGapRecord) async {
        try? await gaps.submit([gap])
    }

    /// Waits until everything buffered so far is committed.
    public func flush() async {
        await trades.flush()
        await bars.flush()
        await funding.flush()
        await liquidations.flush()
        await positioning.flush()
        await gaps.flush()
    }

    /// Flushes and stops every writer.
    public func close() async {
        await trades.close()
        await bars.close()
        await funding.close()
        await liquidations.close()
        await positioning.close()
        await gaps.close()
    }
}
