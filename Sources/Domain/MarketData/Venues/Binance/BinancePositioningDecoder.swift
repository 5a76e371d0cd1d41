import ArenaCore
import Foundation

/// One point of Binance USDⓈ-M `GET /futures/data/openInterestHist`:
/// `{"symbol","sumOpenInterest","sumOpenInterestValue","timestamp"}`.
public struct BinanceOpenInterestPoint: Sendable, Hashable {
    /// The symbol the point is for.
    public var symbol: Symbol
    /// Total open interest in base units (`sumOpenInterest`).
    public var openInterest: FixedDecimal
    /// Total open interest in quote (USD) notional (`sumOpenInterestValue`).
    public var openInterestValue: FixedDecimal
    /// The point's time (`timestamp`), on the period's grid.
    public var time: Timestamp

    /// A point.
    public init(symbol: Symbol, openInterest: FixedDecimal, openInterestValue: FixedDecimal, time: Timestamp) {
        self.symbol = symbol
        self.openInterest = openInterest
        self.openInterestValue = openInterestValue
        self.time = time
    }
}

/// One point of Binance USDⓈ-M `GET /futures/data/globalLongShortAccountRatio`
/// (all accounts) or `topLongShortAccountRatio` (the top 20 % of accounts by
/// margin balance): `{"symbol","longShortRatio","longAccount","shortAccount","timestamp"}`.
public struct BinanceAccountRatioPoint: Sendable, Hashable {
    /// The symbol the point is for.
    public var symbol: Symbol
    /// Accounts net long ÷ accounts net short (`longShortRatio`).
    public var longShortRatio: FixedDecimal
    /// The share of accounts net long, 0…1 (`longAccount`).
    public var longAccount: FixedDecimal
    /// The share of accounts net short, 0…1 (`shortAccount`).
    public var shortAccount: FixedDecimal
    /// The point's time (`timestamp`), on the period's grid.
    public var time: Timestamp

    /// A point.
    public init(symbol: Symbol, longShortRatio: FixedDecimal, longAccount: FixedDecimal, shortAccount: FixedDecimal, time: Timestamp) {
        self.symbol = symbol
        self.longShortRatio = longShortRatio
        self.longAccount = longAccount
        self.shortAccount = shortAccount
        self.time = time
    }
}

extension BinanceRESTDecoder {
    /// A `GET /futures/data/openInterestHist` body, oldest first; every row must be for `symbol`.
    public func openInterestHistory(_ body: Data, symbol: Symbol) throws(VenueMessageError) -> [BinanceOpenInterestPoint] {
        try rows(body, kind: "openInterestHist", as: BinanceOpenInterestPayload.self) { (r) throws(FieldProblem) in
            BinanceOpenInterestPoint(
                symbol: try Self.same(r.symbol, symbol), openInterest: try VenueFields.amount(r.sumOpenInterest, "sumOpenInterest"),
                openInterestValue: try VenueFields.amount(r.sumOpenInterestValue, "sumOpenInterestValue"),
                time: try VenueFields.millis(r.timestamp.value, "timestamp")
            )
        }
    }

    /// A `GET /futures/data/globalLongShortAccountRatio` or `topLongShortAccountRatio`
    /// body (`kind` names which, for errors), oldest first; every row must be for `symbol`.
    public func accountRatios(_ body: Data, symbol: Symbol, kind: String) throws(VenueMessageError) -> [BinanceAccountRatioPoint] {
        try rows(body, kind: kind, as: BinanceAccountRatioPayload.self) { (r) throws(FieldProblem) in
            BinanceAccountRatioPoint(
                symbol: try Self.same(r.symbol, symbol), longShortRatio: try VenueFields.amount(r.longShortRatio, "longShortRatio"),
                longAccount: try Self.share(r.longAccount, "longAccount"), shortAccount: try Self.share(r.shortAccount, "shortAccount"),
                time: try VenueFields.millis(r.timestamp.value, "timestamp")
            )
        }
    }

    /// A JSON array of `P`, each converted; a failure names its row.
    private func rows<P: Decodable, T>(
        _ body: Data, kind: String, as: P.Type, _ convert: (P) throws(FieldProblem) -> T
    ) throws(VenueMessageError) -> [T] {
        try run(body, kind: kind) { () throws(FieldProblem) in
            var out: [T] = []
            for (i, row) in try VenueJSON.decode([P].self, from: body).enumerated() {
                do throws(FieldProblem) { out.append(try convert(row)) } catch { throw error.at(row: i) }
            }
            return out
        }
    }

    private static func same(_ text: String, _ symbol: Symbol) throws(FieldProblem) -> Symbol {
        let got = try VenueFields.symbol(text, "symbol")
        guard got == symbol else { throw FieldProblem(field: "symbol", .invalidValue, "\(got) where \(symbol) was asked for") }
        return got
    }

    /// A share of accounts: a decimal in 0…1.
    private static func share(_ text: String, _ field: String) throws(FieldProblem) -> FixedDecimal {
        let value = try VenueFields.amount(text, field)
        guard value <= .one else { throw FieldProblem(field: field, .invalidValue, "\"\(text.prefix(40))\" is not a share in 0…1") }
        return value
    }
}

/// A row of `openInterestHist`, decimals as the strings Binance sends.
struct BinanceOpenInterestPayload: Decodable {
    let symbol: String
    let sumOpenInterest: String
    let sumOpenInterestValue: String
    let timestamp: BinanceMillis
}

/// A row of the account-ratio endpoints.
struct BinanceAccountRatioPayload: Decodable {
    let symbol: String
    let longShortRatio: String
    let longAccount: String
    let shortAccount: String
    let timestamp: BinanceMillis
}

/// Epoch milliseconds sent as a JSON number (what the endpoints answer) or as
/// a string of digits (how their documented examples write it).
struct BinanceMillis: Decodable {
    let value: Int64

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let number = try? c.decode(Int64.self) {
            value = number
            return
        }
        let text = try c.decode(String.self)
        guard let number = Int64(text) else {
            throw FieldProblem(field: VenueJSON.path(decoder.codingPath), .invalidValue, "\"\(text.prefix(40))\" is not epoch milliseconds")
        }
        value = number
    }
}
