import ArenaCore
import Foundation
import MarketData

/// One market's worth of captured Binance data, ready to serve: the WebSocket
/// frames in capture order, the authoritative aggTrade list and the depth snapshot.
///
/// Built from an hftbacktest capture (`<recv_ns> <json>` lines, gzip): its `@trade`
/// messages become `@aggTrade` frames with the same (consecutive) ids, one trade
/// per aggregate; depth diffs are served as `<sym>@depth@100ms`; book tickers as
/// captured; the snapshot line answers REST `depth`.
public struct FakeMarketData: Sendable {
    /// A frame to replay: when it was received (offset from the capture's first line), its stream and text.
    public struct Frame: Sendable {
        public var offset: Duration
        public var stream: String
        public var text: String
        /// The aggregate id, for aggTrade frames (skip ranges apply to these).
        public var tradeID: Int64?
        /// The diff, for depth frames (REST snapshots replay them onto the captured snapshot).
        public var depth: DepthUpdate?
    }

    public let market: MarketKind
    public let symbol: Symbol
    public private(set) var frames: [Frame]
    /// Every trade in the capture, by ascending id: what REST `aggTrades` serves.
    public private(set) var trades: [Trade]
    public private(set) var snapshot: DepthSnapshot?

    /// Loads `files` (one session, in order) of `market`; the symbol is the file name's second part.
    public init(files: [URL], market: MarketKind) throws {
        let name = files[0].deletingPathExtension().lastPathComponent.split(separator: "_")
        guard name.count >= 2 else { throw FakeExchangeError.badCapture("cannot read a symbol from \(files[0].lastPathComponent)") }
        let symbol = try Symbol(String(name[1]))
        let decoder = BinanceStreamDecoder(venue: try VenueID(market == .spot ? "binance" : "binance-usdm"), market: market)
        let lower = symbol.value.lowercased()
        var frames: [Frame] = [], trades: [Trade] = []
        var snapshot: DepthSnapshot?
        var first: Int64?
        for file in files {
            for line in try Self.lines(file) {
                guard let space = line.firstIndex(of: " "), let ns = Int64(line[..<space]) else { continue }
                let json = String(line[line.index(after: space)...])
                first = first ?? ns
                let offset = Duration.nanoseconds(ns - first!)
                for event in try decoder.decode(json, receivedAt: Timestamp(nanoseconds: ns), snapshotSymbol: symbol) {
                    switch event {
                    case .market(.trade(let t)):
                        trades.append(t)
                        frames.append(Frame(offset: offset, stream: "\(lower)@aggTrade", text: Self.aggTradeFrame(t, stream: "\(lower)@aggTrade"), tradeID: t.tradeID))
                    case .depthUpdate(let diff):
                        let data = json[json.range(of: #""data":"#)!.upperBound...].dropLast()
                        frames.append(Frame(offset: offset, stream: "\(lower)@depth@100ms", text: #"{"stream":"\#(lower)@depth@100ms","data":\#(data)}"#, depth: diff))
                    case .market(.bookTop):
                        frames.append(Frame(offset: offset, stream: "\(lower)@bookTicker", text: json))
                    case .depthSnapshot(let s):
                        snapshot = snapshot ?? s
                    default:
                        continue
                    }
                }
            }
        }
        self.market = market
        self.symbol = symbol
        self.frames = frames
        self.trades = trades
        self.snapshot = snapshot
    }

    /// The same data with every venue time (trades, diff and ticker `E`/`T`, the
    /// snapshot) passed through `retime`, e.g. onto the present so that a live
    /// gateway's wall clock and the data agree.
    public func retimed(_ retime: (Timestamp) -> Timestamp) -> FakeMarketData {
        var copy = self
        var byID: [Int64: Trade] = [:]
        copy.trades = trades.map { t in
            var t = t
            t.eventTime = retime(t.eventTime)
            t.receiveTime = retime(t.receiveTime)
            byID[t.tradeID] = t
            return t
        }
        copy.frames = frames.map { frame in
            var f = frame
            if let id = f.tradeID, let t = byID[id] {
                f.text = Self.aggTradeFrame(t, stream: f.stream)
            } else {
                f.text = Self.retimed(f.text, retime)
                if var diff = f.depth {
                    diff.eventTime = retime(diff.eventTime)
                    f.depth = diff
                }
            }
            return f
        }
        if let s = snapshot { copy.snapshot?.eventTime = retime(s.eventTime) }
        return copy
    }

    /// The book as a live exchange would serve it after the first `played` frames
    /// went out: the captured snapshot with every later diff sent so far applied.
    public func snapshot(afterFrames played: Int) -> DepthSnapshot? {
        guard var snapshot else { return nil }
        var book = OrderBook(bids: snapshot.bids, asks: snapshot.asks)
        for frame in frames.prefix(played) {
            guard let diff = frame.depth, diff.finalUpdateID > snapshot.lastUpdateID else { continue }
            book.apply(bids: diff.bids, asks: diff.asks)
            snapshot.lastUpdateID = diff.finalUpdateID
            snapshot.eventTime = diff.eventTime
        }
        snapshot.bids = book.bids
        snapshot.asks = book.asks
        return snapshot
    }

    /// `json` with its `"E"` and `"T"` millisecond times passed through `retime`.
    static func retimed(_ json: String, _ retime: (Timestamp) -> Timestamp) -> String {
        var out = json
        for key in ["\"E\":", "\"T\":"] {
            guard let r = out.range(of: key) else { continue }
            let digits = out[r.upperBound...].prefix { $0.isNumber }
            guard let ms = Int64(digits) else { continue }
            out.replaceSubrange(r.upperBound..<out.index(r.upperBound, offsetBy: digits.count), with: "\(retime(Timestamp(milliseconds: ms)).milliseconds)")
        }
        return out
    }

    /// A combined-stream aggTrade frame for `t` (`f` = `l` = `a`: one trade per aggregate).
    public static func aggTradeFrame(_ t: Trade, stream: String) -> String {
        #"{"stream":"\#(stream)","data":{"e":"aggTrade","E":\#(t.eventTime.milliseconds),"s":"\#(t.symbol.value)",\#(aggTradeFields(t)),"M":true}}"#
    }

    /// The fields of a REST aggTrades row, shared with the stream frame.
    static func aggTradeFields(_ t: Trade) -> String {
        #""a":\#(t.tradeID),"p":"\#(t.price)","q":"\#(t.quantity)","f":\#(t.tradeID),"l":\#(t.tradeID),"T":\#(t.eventTime.milliseconds),"m":\#(t.takerSide == .sell)"#
    }

    private static func lines(_ file: URL) throws -> [Substring] {
        String(decoding: try ByteLines.contents(path: file.path), as: UTF8.self).split(separator: "\n")
    }
}

/// Why the fake exchange could not start.
public enum FakeExchangeError: Error, Sendable {
    case badCapture(String)
    case notListening
}
