import ArenaCore
import Foundation

/// Exact conversions of venue fields, each failure naming the field.
///
/// Prices and quantities arrive as decimal strings and go straight into
/// ``FixedDecimal`` (never through `Double`); times are epoch milliseconds.
enum VenueFields {
    /// Epoch milliseconds must fall in this range (1973 to 5138): anything else is garbage, not a time.
    private static let millisecondRange: ClosedRange<Int64> = 100_000_000_000...99_999_999_999_999

    static func decimal(_ text: String, _ field: String) throws(FieldProblem) -> FixedDecimal {
        do { return try FixedDecimal(parsing: text) } catch {
            throw FieldProblem(field: field, .invalidValue, "\"\(text.prefix(40))\" is not an exact decimal (\(error))")
        }
    }

    /// A decimal that must not be negative (prices, quantities, volumes).
    static func amount(_ text: String, _ field: String) throws(FieldProblem) -> FixedDecimal {
        let value = try decimal(text, field)
        guard !value.isNegative else { throw FieldProblem(field: field, .invalidValue, "\"\(text.prefix(40))\" is negative") }
        return value
    }

    static func millis(_ ms: Int64, _ field: String) throws(FieldProblem) -> Timestamp {
        guard millisecondRange.contains(ms) else {
            throw FieldProblem(field: field, .invalidValue, "\(ms) is not epoch milliseconds")
        }
        return Timestamp(milliseconds: ms)
    }

    /// Epoch milliseconds written as a string (OKX).
    static func millis(_ text: String, _ field: String) throws(FieldProblem) -> Timestamp {
        try millis(try integer(text, field), field)
    }

    /// A non-negative integer written as a string (OKX ids, counts).
    static func integer(_ text: String, _ field: String) throws(FieldProblem) -> Int64 {
        guard let v = Int64(text), v >= 0 else {
            throw FieldProblem(field: field, .invalidValue, "\"\(text.prefix(40))\" is not a non-negative integer")
        }
        return v
    }

    static func symbol(_ text: String, _ field: String) throws(FieldProblem) -> Symbol {
        do { return try Symbol(text) } catch { throw FieldProblem(field: field, .invalidValue, error.description) }
    }

    /// Binance `m` (is the buyer the maker?) to the taker's side: a maker buyer means a selling taker.
    static func takerSide(buyerIsMaker: Bool) -> Side { buyerIsMaker ? .sell : .buy }

    /// Binance order side text.
    static func side(_ text: String, _ field: String) throws(FieldProblem) -> Side {
        guard let side = Side(rawValue: text.uppercased()) else {
            throw FieldProblem(field: field, .invalidValue, "\"\(text.prefix(20))\" is not BUY or SELL")
        }
        return side
    }
}

/// A coding key for any string, to look at a JSON object's keys before choosing its type.
struct AnyKey: CodingKey, ExpressibleByStringLiteral {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init(stringLiteral value: String) { stringValue = value }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// Decodes a payload that a venue `kind` was recognised for; a `DecodingError`
/// inside it keeps that kind for the report.
struct KindedDecodingError: Error {
    var kind: String
    var error: any Error
}

/// JSON decoding with every failure turned into a ``FieldProblem``.
enum VenueJSON {
    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws(FieldProblem) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let problem as FieldProblem {
            throw problem
        } catch let kinded as KindedDecodingError {
            var problem = describe(kinded.error)
            problem.kind = problem.kind ?? kinded.kind
            throw problem
        } catch {
            throw describe(error)
        }
    }

    /// Names the field and the failure of a `DecodingError`.
    static func describe(_ error: any Error) -> FieldProblem {
        if let problem = error as? FieldProblem { return problem }
        guard let error = error as? DecodingError else { return FieldProblem(field: nil, .notJSON, "\(error)") }
        switch error {
        case .keyNotFound(let key, let context):
            return FieldProblem(field: path(context.codingPath + [key]), .missingField, "absent")
        case .valueNotFound(_, let context):
            return FieldProblem(field: path(context.codingPath), .missingField, "null")
        case .typeMismatch(let type, let context):
            if context.codingPath.isEmpty { return FieldProblem(field: nil, .notJSON, "root is not a \(type)") }
            return FieldProblem(field: path(context.codingPath), .invalidValue, "expected \(type)")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return FieldProblem(field: nil, .notJSON, "not valid JSON (\(context.debugDescription.prefix(80)))")
            }
            return FieldProblem(field: path(context.codingPath), .invalidValue, context.debugDescription)
        @unknown default:
            return FieldProblem(field: nil, .notJSON, "\(error)")
        }
    }

    /// `data.k.i`, `[3]`: a readable coding path.
    static func path(_ keys: [any CodingKey]) -> String {
        var out = ""
        for key in keys {
            if let i = key.intValue {
                out += "[\(i)]"
            } else {
                out += out.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return out
    }
}
