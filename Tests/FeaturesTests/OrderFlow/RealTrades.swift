import ArenaCore
import ArenaTesting
import Foundation
import MarketData

/// Real trades from `../shared/data/raw`, decoded by the project's own readers.
enum RealTrades {
    /// `…/shared/data/raw`, beside the checkout.
    static let raw = TestData.sharedRaw

    /// The captures, for `.requires(RealTrades.requirement)`.
    static let requirement = TestRequirement.sharedData("binance_ws_raw_hftbacktest")

    /// The `@trade` events of an hftbacktest capture (`usdm_btcusdt_20240808`), via CaptureSource + BinanceStreamDecoder.
    /// Depth and ticker frames are skipped before JSON decoding: only trades are needed here.
    static func capture(_ name: String) throws -> [Trade] {
        let market: MarketKind = name.hasPrefix("usdm") ? .perpetual : .spot
        let decoder = BinanceStreamDecoder(venue: try VenueID(market == .spot ? "binance" : "binance-usdm"), market: market)
        let marker = Array("@trade\"".utf8)
        var source = CaptureSource(lines: try ByteLines(path: raw.appendingPathComponent("binance_ws_raw_hftbacktest/\(name).gz").path)) {
            frame, at in
            guard frame.prefix(64).firstRange(of: marker) != nil else { return [] }
            return try decoder.decode(Data(buffer: frame), receivedAt: at)
        }
        var out: [Trade] = []
        while let event = try source.next() { if case .market(.trade(let t)) = event { out.append(t) } }
        return out
    }

    /// BTCUSDT aggTrades of the recorded USDⓈ-M stream `binance_trades.csv`, via TradeCSVSource.
    static func aggTradeStream(symbol: String = "BTCUSDT") throws -> [Trade] {
        let path = raw.appendingPathComponent("binance_usdm_liquidations_stream/binance_trades.csv").path
        var source = try TradeCSVSource(
            lines: try ByteLines(path: path),
            instrument: ReplayInstrument(venue: try VenueID("binance-usdm"), symbol: nil, market: .perpetual),
            badRows: .skip  // the recorder wrote a few rows with a clock time in the trade-time field
        )
        let wanted = try Symbol(symbol)
        var out: [Trade] = []
        while let t = try source.nextTrade() {
            if t.symbol == wanted { out.append(t) }
        }
        return out
    }

    /// bitFlyer BTC_JPY executions of one day (190k), sorted by time then id (the file is newest-first per poll).
    /// Rows without an execution time are skipped. Notional is in JPY here.
    static func bitflyer() throws -> [Trade] {
        let path = raw.appendingPathComponent("bitflyer_btcjpy_executions/bitflyer.execution.20180122.BTC_JPY.csv.gz").path
        var lines = try ByteLines(path: path)
        let venue = try VenueID("bitflyer"), symbol = try Symbol("BTCJPY")
        var out: [Trade] = []
        _ = try lines.next()  // header
        while let range = try lines.next() {
            let f = lines.withLine(range) { String(decoding: $0, as: UTF8.self) }.split(separator: ",").map { $0.trimmingCharacters(in: ["\""]) }
            guard f.count == 10, let time = isoTime(f[4]), let id = Int64(f[3]) else { continue }
            out.append(Trade(
                venue: venue, symbol: symbol, market: .spot, tradeID: id, price: try FixedDecimal(parsing: f[6]),
                quantity: try FixedDecimal(parsing: f[7]), takerSide: f[5] == "BUY" ? .buy : .sell, eventTime: time, receiveTime: time
            ))
        }
        return out.sorted { ($0.eventTime, $0.tradeID) < ($1.eventTime, $1.tradeID) }
    }

    /// `2018-01-22T00:00:13.997+09:00` → UTC.
    static func isoTime(_ s: String) -> Timestamp? {
        let c = Array(s.utf8)
        guard c.count == 29 else { return nil }
        func n(_ a: Int, _ b: Int) -> Int64? { Int64(String(decoding: c[a..<b], as: UTF8.self)) }
        guard let y = n(0, 4), let mo = n(5, 7), let d = n(8, 10), let h = n(11, 13), let mi = n(14, 16), let se = n(17, 19),
              let ms = n(20, 23), let oh = n(24, 26), let om = n(27, 29) else { return nil }
        let sign: Int64 = c[23] == UInt8(ascii: "-") ? -1 : 1
        // Days from civil (Hinnant).
        let yy = mo <= 2 ? y - 1 : y
        let era = yy / 400, yoe = yy - era * 400
        let doy = (153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5 + d - 1
        let days = era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
        let secs = days * 86_400 + h * 3600 + mi * 60 + se - sign * (oh * 3600 + om * 60)
        return Timestamp(milliseconds: secs * 1000 + ms)
    }
}
