import ArenaCore
import MarketData

/// Binance REST bodies built from a ``FakeMarketData``'s trades and snapshot.
enum FakeRESTPages {
    /// `aggTrades`: from `fromID` on, or the latest `limit` when no id is given.
    static func aggTrades(_ data: FakeMarketData, fromID: Int64?, limit: Int) -> String {
        let trades = data.trades
        let start: Int
        if let fromID {
            var low = 0, high = trades.count
            while low < high {
                let mid = (low + high) / 2
                if trades[mid].tradeID < fromID { low = mid + 1 } else { high = mid }
            }
            start = low
        } else {
            start = Swift.max(0, trades.count - limit)
        }
        let page = trades[start..<Swift.min(trades.count, start + limit)]
        return "[" + page.map { "{" + FakeMarketData.aggTradeFields($0) + #","M":true}"# }.joined(separator: ",") + "]"
    }

    /// `klines` (1m only) built from the trades: open time in `startMs…endMs`, at most `limit`.
    static func klines(_ data: FakeMarketData, startMs: Int64?, endMs: Int64?, limit: Int) -> String {
        var rows: [String] = []
        var i = 0
        let trades = data.trades
        while i < trades.count && rows.count < limit {
            let open = Timeframe.m1.openTime(containing: trades[i].eventTime)
            var j = i
            var high = trades[i].price, low = trades[i].price
            var volume = FixedDecimal.zero, quote = FixedDecimal.zero, takerBase = FixedDecimal.zero, takerQuote = FixedDecimal.zero
            while j < trades.count && Timeframe.m1.openTime(containing: trades[j].eventTime) == open {
                let t = trades[j]
                high = Swift.max(high, t.price)
                low = Swift.min(low, t.price)
                volume += t.quantity
                quote += t.notional
                if t.takerSide == .buy {
                    takerBase += t.quantity
                    takerQuote += t.notional
                }
                j += 1
            }
            let ms = open.milliseconds
            if ms >= (startMs ?? .min) && ms <= (endMs ?? .max) {
                rows.append(#"[\#(ms),"\#(trades[i].price)","\#(high)","\#(low)","\#(trades[j - 1].price)","\#(volume)",\#(ms + 59_999),"\#(quote)",\#(j - i),"\#(takerBase)","\#(takerQuote)","0"]"#)
            }
            i = j
        }
        return "[" + rows.joined(separator: ",") + "]"
    }

    /// `depth`: the capture's snapshot, cut to `limit` levels a side.
    static func depth(_ snapshot: DepthSnapshot, limit: Int) -> String {
        func side(_ levels: [PriceLevel]) -> String {
            "[" + levels.prefix(limit).map { #"["\#($0.price)","\#($0.quantity)"]"# }.joined(separator: ",") + "]"
        }
        return #"{"lastUpdateId":\#(snapshot.lastUpdateID),"bids":\#(side(snapshot.bids)),"asks":\#(side(snapshot.asks))}"#
    }
}
