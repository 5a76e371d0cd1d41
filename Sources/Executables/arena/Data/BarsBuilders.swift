import ArenaCore
import MarketData

/// `arena bars` on a kline file: off-grid rows handled, then aggregated.
struct BarsFromKlines {
    let command: BarsCommand
    let venue: VenueID
    let symbol: Symbol
    let source: String

    func bars(_ bytes: [UInt8]) throws -> (bars: [Bar], from: String) {
        let rows = try KlineFile.rows(from: bytes, source: source)
        let inputTimeframe = try command.inputTimeframe ?? KlineFile.inferTimeframe(rows, source: source)
        let (kept, skipped) = try KlineFile.onGrid(rows, timeframe: inputTimeframe, policy: command.offGrid, source: source)
        BarsCommand.reportSkipped(
            skipped.prefix(100).map { "\(source):\($0.line): row \($0.row): open time \($0.openTime) is off the \(inputTimeframe.rawValue) grid" },
            total: skipped.count, what: "off-grid row(s)"
        )
        var aggregator = try BarAggregator(
            venue: venue, symbol: symbol, timeframe: command.timeframe, inputTimeframe: inputTimeframe, gapPolicy: command.gaps
        )
        var bars: [Bar] = []
        for row in kept {
            do { bars += try aggregator.add(row.bar(venue: venue, symbol: symbol, timeframe: inputTimeframe)) } catch {
                throw BarsFailure(message: "\(source):\(row.line): row \(row.row): \(error)")
            }
        }
        if command.includePartial, let last = aggregator.formingBar { bars.append(last) }
        return (bars, "\(kept.count) \(inputTimeframe.rawValue) bars")
    }
}

/// `arena bars` on a trade file: trades → 1m → the timeframe, through ``TradeBarPipeline``.
struct BarsFromTrades {
    let command: BarsCommand
    let venue: VenueID
    let symbol: Symbol
    let source: String

    func bars(_ bytes: [UInt8], kind: BarInputKind) throws -> (bars: [Bar], from: String) {
        var pipeline = try TradeBarPipeline(venue: venue, symbol: symbol, timeframes: [command.timeframe], gapPolicy: command.gaps)
        var bars: [Bar] = []
        var used = 0
        func add(_ trade: Trade) throws {
            // Files with a symbol column can mix instruments: only the asked one is built.
            guard trade.symbol == symbol else { return }
            do { try pipeline.add(trade, into: &bars) } catch {
                throw BarsFailure(message: "\(source): trade \(trade.tradeID) at \(trade.eventTime): \(error)")
            }
            used += 1
        }
        let instrument = ReplayInstrument(venue: venue, symbol: symbol, market: .spot)
        switch kind {
        case .freqtradeTradesJSON:
            // The given symbol labels every trade, as for CSV files without a symbol column.
            for t in try FreqtradeTradesJSON.trades(bytes, source: source, instrument: instrument) { try add(t) }
        case .tradeCSV(let layout):
            var file = try TradeCSVSource(lines: ByteLines(bytes: bytes, source: source), instrument: instrument, layout: layout, badRows: command.badRows)
            if file.columns.symbol != nil && symbol.value == "UNKNOWN" {
                throw BarsFailure(message: "\(source): the file mixes symbols; choose one with --symbol")
            }
            while let t = try file.nextTrade() { try add(t) }
            let skipped = file.skippedRows
            BarsCommand.reportSkipped(skipped.first.map(\.description), total: skipped.count, what: "unreadable trade row(s)")
        case .klines:
            throw BarsFailure(message: "\(source): not a trade file")
        }
        if command.includePartial { try pipeline.finish(into: &bars) }
        return (bars.filter { $0.timeframe == command.timeframe }, "\(used) trades")
    }
}
