import ArenaCore
import Foundation

/// Trades from freqtrade's trade JSON (`*-trades.json`, often gzipped): a list
/// of ccxt trade objects whose `info` is the raw Binance aggTrade
/// `{a, p, q, f, l, T, m, M}`.
///
/// The trade is read from `info`, the exchange's own record: price and
/// quantity are the exchange's decimal strings (ccxt's `price`/`amount` are
/// binary floats), `a` is the aggregate id and `m` the buyer-is-maker flag.
/// Not a hot path (freqtrade files hold thousands of trades), so Foundation's
/// JSON decoder reads it; it refuses a fractional `a` or `T` instead of rounding.
public enum FreqtradeTradesJSON {
    private struct Entry: Decodable {
        struct Info: Decodable {
            let a: Int64
            let p: String
            let q: String
            let T: Int64
            let m: Bool
        }
        let info: Info
        let symbol: String
    }

    /// Parses the whole document; `instrument.symbol`, when given, overrides each entry's `symbol` (`XRP/ETH` → `XRPETH`).
    public static func trades(_ bytes: [UInt8], source: String, instrument: ReplayInstrument) throws(ReplayError) -> [Trade] {
        let entries: [Entry]
        do { entries = try JSONDecoder().decode([Entry].self, from: Data(bytes)) } catch let error as DecodingError {
            throw ReplayError(source: source, line: 1, field: Self.path(error), reason: Self.reason(error))
        } catch {
            throw ReplayError(source: source, line: 1, reason: "\(error)")
        }
        var trades: [Trade] = []
        trades.reserveCapacity(entries.count)
        var symbols: [String: Symbol] = [:]
        for (i, e) in entries.enumerated() {
            func fail(_ field: String, _ why: String) -> ReplayError {
                ReplayError(source: source, line: 1, field: "[\(i)].\(field)", reason: why)
            }
            let symbol: Symbol
            if let given = instrument.symbol { symbol = given } else if let known = symbols[e.symbol] { symbol = known } else {
                do { symbol = try Symbol(e.symbol.replacingOccurrences(of: "/", with: "")) } catch { throw fail("symbol", error.description) }
                symbols[e.symbol] = symbol
            }
            func positive(_ text: String, _ field: String) throws(ReplayError) -> FixedDecimal {
                guard let v = try? FixedDecimal(parsing: text), v.raw > 0 else { throw fail(field, "\"\(text.prefix(40))\" is not a decimal above zero") }
                return v
            }
            let time: Timestamp
            do { time = try ExactNumber.epochTime(milliseconds: e.info.T) } catch { throw fail("info.T", error.reason) }
            trades.append(Trade(
                venue: instrument.venue, symbol: symbol, market: instrument.market, tradeID: e.info.a,
                price: try positive(e.info.p, "info.p"), quantity: try positive(e.info.q, "info.q"),
                takerSide: e.info.m ? .sell : .buy, eventTime: time, receiveTime: time
            ))
        }
        return trades
    }

    private static func path(_ error: DecodingError) -> String? {
        let context: DecodingError.Context? = switch error {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .keyNotFound(_, let c), .dataCorrupted(let c): c
        @unknown default: nil
        }
        guard let context, !context.codingPath.isEmpty else { return nil }
        return context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }

    private static func reason(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): "missing key \"\(key.stringValue)\""
        case .typeMismatch(let type, let c): "expected \(type): \(c.debugDescription)"
        case .valueNotFound(let type, _): "expected \(type), found null"
        case .dataCorrupted(let c): c.debugDescription
        @unknown default: "\(error)"
        }
    }
}
