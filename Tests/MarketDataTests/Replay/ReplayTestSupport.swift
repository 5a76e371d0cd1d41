import ArenaCore
import ArenaTesting
import Foundation
import MarketData
import Testing

/// Helpers for the replay tests: sources over text, draining, temporary files.
enum ReplayTest {
    static let binance = SharedData.binance
    static let btc = try! Symbol("BTCUSDT")
    static let spotBTC = ReplayInstrument(venue: binance, symbol: btc, market: .spot)

    /// Every trade of a trade CSV given as text.
    static func trades(_ text: String, layout: TradeLayout? = nil, instrument: ReplayInstrument = spotBTC) throws -> [Trade] {
        var source = try TradeCSVSource(lines: ByteLines(bytes: Array(text.utf8), source: "t.csv"), instrument: instrument, layout: layout)
        var out: [Trade] = []
        while let t = try source.nextTrade() { out.append(t) }
        return out
    }

    /// The error a closure throws, which must be a ``ReplayError``.
    static func error(_ body: () throws -> Void) -> ReplayError? {
        do { try body(); return nil } catch let e as ReplayError { return e } catch { return nil }
    }

    /// Every event of `source`.
    static func drain(_ source: some ReplaySource) throws -> [MarketEvent] {
        var s = source
        var out: [MarketEvent] = []
        while let e = try s.next() { out.append(e) }
        return out
    }

    /// The trades among `events`.
    static func trades(in events: [MarketEvent]) -> [Trade] {
        events.compactMap { if case .market(.trade(let t)) = $0 { t } else { nil } }
    }

    /// A fresh temporary file path ending in `suffix`.
    static func temporaryPath(_ suffix: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("replay-test-\(UUID().uuidString)\(suffix)").path
    }

    /// Writes `bytes` gzipped (by the system's gzip, an outside implementation) and returns the path.
    static func gzipped(_ bytes: [UInt8]) async throws -> String {
        let plain = temporaryPath(".txt")
        try Data(bytes).write(to: URL(fileURLWithPath: plain))
        let gzip = try await ChildProcess.run(URL(fileURLWithPath: "/bin/gzip"), ["-f", plain])
        try #require(gzip.status == 0, "\(gzip)")
        return plain + ".gz"
    }
}

/// The venue decoder as a capture frame decoder: Binance combined-stream frames
/// (snapshot lines belong to `symbol`, since they name none).
enum TestTradeFrames {
    static func decoder(market: MarketKind, symbol: Symbol? = nil) -> CaptureFrameDecoder {
        let decoder = BinanceStreamDecoder(venue: SharedData.binance, market: market)
        return { frame, receiveTime in try decoder.decode(Data(buffer: frame), receivedAt: receiveTime, snapshotSymbol: symbol) }
    }
}
