import ArenaCore
import Foundation
import PropertyBased

/// Random values of the wire types, for property-based tests.
enum Arbitrary {
    static func pick<T: Sendable>(_ values: [T]) -> Generator<T, Shrink.Integer<Int>> {
        Gen<Int>.value(in: 0...(values.count - 1)).map { values[$0] }
    }

    /// Decimals across the whole useful range: tiny fractions to ±1e26.
    static let decimal = zip(Gen<Int64>.value(), Gen<Int64>.value(in: 0...Int64.max)).map { a, b in
        FixedDecimal(raw: Int128(a) * Int128(b >> Int64(b % 63)))
    }
    static let timestamp = Gen<Int64>.value().map { Timestamp(nanoseconds: $0) }
    static let int64 = Gen<Int64>.value()
    static let symbol = pick(["BTCUSDT", "ETHUSDT", "XRPUSDT", "SOLUSDT", "1000PEPEUSDT", "BTC-USDT-SWAP"]).map { Symbol(unchecked: $0) }
    static let venue = pick(["binance", "binance-usdm", "okx", "paper"]).map { VenueID(unchecked: $0) }
    static let service = pick(["gateway", "features", "scorer-3", "risk"]).map { ServiceName(unchecked: $0) }
    static let side = pick(Side.allCases)
    /// Text including multi-byte characters, empty strings and long runs.
    static let text = zip(Gen.letterOrNumber.string(of: 0...40), pick(["", "é", "✓ ok", "价格", "🚀🚀", "\u{0}"]))
        .map { $0 + $1 }
    static let optionalDecimal = zip(Gen<Bool>.bool, decimal).map { $0 ? $1 : nil }
    static let optionalTimestamp = zip(Gen<Bool>.bool, timestamp).map { $0 ? $1 : nil }
    static let optionalInt64 = zip(Gen<Bool>.bool, int64).map { $0 ? $1 : nil }

    static let trade = zip(venue, symbol, pick(MarketKind.allCases), int64, decimal, decimal, side, timestamp, timestamp)
        .map { Trade(venue: $0, symbol: $1, market: $2, tradeID: $3, price: $4, quantity: $5, takerSide: $6, eventTime: $7, receiveTime: $8) }

    static let bar = zip(
        zip(venue, symbol, pick(Timeframe.allCases), timestamp),
        zip(decimal, decimal, decimal, decimal, decimal),
        zip(optionalDecimal, optionalInt64, optionalDecimal, Gen<Bool>.bool)
    ).map { a, b, c in
        Bar(venue: a.0, symbol: a.1, timeframe: a.2, openTime: a.3, open: b.0, high: b.1, low: b.2, close: b.3, volume: b.4,
            quoteVolume: c.0, tradeCount: c.1, takerBuyVolume: c.2, isClosed: c.3)
    }

    static let bookTop = zip(venue, symbol, decimal, decimal, decimal, decimal, optionalInt64, timestamp)
        .map { BookTop(venue: $0, symbol: $1, bidPrice: $2, bidQuantity: $3, askPrice: $4, askQuantity: $5, updateID: $6, eventTime: $7) }

    static let funding = zip(venue, symbol, decimal, optionalDecimal, optionalDecimal, optionalTimestamp, timestamp)
        .map { FundingRate(venue: $0, symbol: $1, rate: $2, markPrice: $3, indexPrice: $4, nextFundingTime: $5, eventTime: $6) }

    static let liquidation = zip(venue, symbol, side, decimal, decimal, optionalDecimal, timestamp)
        .map { Liquidation(venue: $0, symbol: $1, side: $2, price: $3, quantity: $4, averagePrice: $5, eventTime: $6) }

    static let positioning = zip(
        zip(venue, symbol, pick(Timeframe.allCases)),
        zip(optionalDecimal, optionalDecimal, optionalDecimal, optionalDecimal, timestamp)
    ).map { a, b in
        Positioning(venue: a.0, symbol: a.1, period: a.2, openInterest: b.0, openInterestValue: b.1, longShortRatio: b.2,
                    topTraderLongShare: b.3, eventTime: b.4)
    }

    static let heartbeat = zip(service, text, pick(ServiceState.allCases), timestamp, int64, int64)
        .map { Heartbeat(service: $0, instance: $1, state: $2, sentAt: $3, uptimeSeconds: $4, intervalMilliseconds: $5) }

    static let fields = zip(text, text).array(of: 0...6).map { pairs in
        Dictionary(pairs, uniquingKeysWith: { first, _ in first })
    }

    static let alert = zip(
        zip(text, pick(AlertSeverity.allCases), text, service, text, text),
        zip(Gen<Bool>.bool, symbol, Gen<Bool>.bool, fields, timestamp)
    ).map { a, b in
        Alert(id: a.0, severity: a.1, kind: a.2, source: a.3, title: a.4, message: a.5,
              symbol: b.0 ? b.1 : nil, model: b.2 ? ModelID(unchecked: "ema_trend") : nil, fields: b.3, time: b.4)
    }

    static let controlRequest = pick(ControlRequest.Command.allCases).map { ControlRequest(command: $0) }

    static let status = zip(
        zip(service, text, pick(ServiceState.allCases), text),
        zip(timestamp, timestamp, zip(text, int64).array(of: 0...5))
    ).map { a, b in
        ServiceStatus(service: a.0, instance: a.1, state: a.2, version: a.3, startedAt: b.0, now: b.1,
                      counters: Dictionary(b.2, uniquingKeysWith: { first, _ in first }))
    }

    static let paceMark = zip(service, timestamp, pick(PacePhase.allCases)).map { PaceMark(service: $0, through: $1, phase: $2) }

    static let errorReply = zip(text, text, Gen<Bool>.bool).map { ErrorReply(code: $0, message: $1, retryable: $2) }
}
