import ArenaCore
import Foundation

/// A symbol's trading rules from `exchangeInfo`, in exact decimals.
///
/// Spot: `PRICE_FILTER`, `LOT_SIZE`, `MARKET_LOT_SIZE`, `MIN_NOTIONAL` (`minNotional`,
/// `applyToMarket`) and `NOTIONAL` (`minNotional`, `applyMinToMarket`, `maxNotional`,
/// `applyMaxToMarket`). USDⓈ-M: the same price and lot filters and `MIN_NOTIONAL` with
/// its field named `notional` (developers.binance.com/docs/binance-spot-api-docs/filters,
/// …/derivatives/usds-margined-futures/market-data/rest-api/Exchange-Information).
/// A zero in a field means "no rule" (Binance's convention for a disabled bound).
public struct SymbolFilters: Sendable, Hashable {
    /// Bounds and step of a quantity (`LOT_SIZE`, `MARKET_LOT_SIZE`) or of a price (`PRICE_FILTER`: the step is the tick).
    public struct Rule: Sendable, Hashable {
        public var minimum: FixedDecimal
        public var maximum: FixedDecimal
        public var step: FixedDecimal

        public init(minimum: FixedDecimal = .zero, maximum: FixedDecimal = .zero, step: FixedDecimal = .zero) {
            (self.minimum, self.maximum, self.step) = (minimum, maximum, step)
        }
    }

    public var symbol: Symbol
    /// `PRICE_FILTER`: `minPrice`, `maxPrice`, `tickSize`.
    public var price = Rule()
    /// `LOT_SIZE`: `minQty`, `maxQty`, `stepSize`, for every order.
    public var lot = Rule()
    /// `MARKET_LOT_SIZE`: further bounds and step for MARKET orders (nil when absent).
    public var marketLot: Rule?
    /// The minimum notional (price × quantity), from `MIN_NOTIONAL` or `NOTIONAL`; zero: none.
    public var minNotional: FixedDecimal = .zero
    /// Whether the minimum applies to MARKET orders (checked at the caller's reference price).
    public var minNotionalAppliesToMarket = false
    /// `NOTIONAL`'s maximum; zero: none.
    public var maxNotional: FixedDecimal = .zero
    public var maxNotionalAppliesToMarket = false
    /// The filter types present that this layer does not check (left to the venue).
    public var unchecked: [String] = []

    /// Empty rules for `symbol` (every bound off).
    public init(symbol: Symbol) { self.symbol = symbol }

    /// The `filters` array of one `exchangeInfo` symbol.
    init(symbol: Symbol, filters: [[String: Any]]) throws(FilterParseError) {
        self.init(symbol: symbol)
        for f in filters {
            let type = f["filterType"] as? String ?? ""
            func d(_ key: String) throws(FilterParseError) -> FixedDecimal {
                guard let text = f[key] as? String else { throw .missingField(type, key) }
                guard let value = FixedDecimal(text) else { throw .badDecimal(type, key, text) }
                return value
            }
            func rule(_ min: String, _ max: String, _ step: String) throws(FilterParseError) -> Rule {
                Rule(minimum: try d(min), maximum: try d(max), step: try d(step))
            }
            switch type {
            case "PRICE_FILTER": price = try rule("minPrice", "maxPrice", "tickSize")
            case "LOT_SIZE": lot = try rule("minQty", "maxQty", "stepSize")
            case "MARKET_LOT_SIZE": marketLot = try rule("minQty", "maxQty", "stepSize")
            // A symbol carrying both MIN_NOTIONAL and NOTIONAL gets the stricter of the two (fail closed).
            case "MIN_NOTIONAL":
                // Spot names it `minNotional`, USDⓈ-M `notional`; USDⓈ-M applies it to every order.
                minNotional = Swift.max(minNotional, f["minNotional"] != nil ? try d("minNotional") : try d("notional"))
                minNotionalAppliesToMarket = minNotionalAppliesToMarket || f["applyToMarket"] as? Bool ?? true
            case "NOTIONAL":
                minNotional = Swift.max(minNotional, try d("minNotional"))
                maxNotional = f["maxNotional"] != nil ? try d("maxNotional") : .zero
                minNotionalAppliesToMarket = minNotionalAppliesToMarket || f["applyMinToMarket"] as? Bool ?? true
                maxNotionalAppliesToMarket = f["applyMaxToMarket"] as? Bool ?? false
            default:
                unchecked.append(type)
            }
        }
    }

    /// Every symbol's filters in an `exchangeInfo` body.
    public static func parse(exchangeInfo body: Data) throws(FilterParseError) -> [Symbol: SymbolFilters] {
        guard let root = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any], let symbols = root["symbols"] as? [[String: Any]] else {
            throw .notExchangeInfo
        }
        var out: [Symbol: SymbolFilters] = [:]
        for entry in symbols {
            guard let name = entry["symbol"] as? String, let symbol = try? Symbol(name) else { continue }
            out[symbol] = try SymbolFilters(symbol: symbol, filters: entry["filters"] as? [[String: Any]] ?? [])
        }
        return out
    }
}

/// Why an `exchangeInfo` body could not be read (the symbols then have no filters: fail closed).
public enum FilterParseError: Error, Sendable, Equatable, CustomStringConvertible {
    case notExchangeInfo
    case missingField(String, String)
    case badDecimal(String, String, String)

    public var description: String {
        switch self {
        case .notExchangeInfo: "not an exchangeInfo body"
        case .missingField(let type, let key): "\(type) has no \(key)"
        case .badDecimal(let type, let key, let text): "\(type).\(key) is not a decimal: \(text.prefix(32))"
        }
    }
}
