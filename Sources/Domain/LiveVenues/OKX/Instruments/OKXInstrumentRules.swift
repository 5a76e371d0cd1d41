import ArenaCore
import Foundation

/// OKX's instrument types this layer trades.
public enum OKXInstrumentType: String, Sendable, Hashable, CaseIterable, Codable {
    case spot = "SPOT"
    /// Perpetual swaps: sizes are in contracts of `ctVal` base units each.
    case swap = "SWAP"
}

/// One instrument's trading rules from `GET /api/v5/public/instruments?instType=SPOT|SWAP`, in exact decimals.
///
/// Fields (www.okx.com/docs-v5/en/#public-data-rest-api-get-instruments): `tickSz` (price tick),
/// `lotSz` (size step), `minSz` (minimum size), `maxLmtSz` / `maxMktSz` (largest limit / market
/// order), `ctVal` (a swap contract's value in `ctValCcy`), `state` (`live` trades). Sizes are base
/// currency on spot and contracts on swaps. OKX sends `""` for a field that does not apply; an
/// absent maximum is zero here, meaning "no bound".
public struct OKXInstrumentRules: Sendable, Hashable {
    public var instrumentID: Symbol
    public var type: OKXInstrumentType
    public var baseCurrency: String
    public var quoteCurrency: String
    public var settleCurrency: String
    public var tickSize: FixedDecimal
    public var lotSize: FixedDecimal
    public var minSize: FixedDecimal
    public var maxLimitSize: FixedDecimal = .zero
    public var maxMarketSize: FixedDecimal = .zero
    /// A swap contract's value in base units (nil on spot).
    public var contractValue: FixedDecimal?
    /// `live`, `suspend`, `preopen`, `test`: only `live` is traded.
    public var state: String = "live"

    public init(
        instrumentID: Symbol, type: OKXInstrumentType, baseCurrency: String, quoteCurrency: String, settleCurrency: String = "",
        tickSize: FixedDecimal, lotSize: FixedDecimal, minSize: FixedDecimal
    ) {
        self.instrumentID = instrumentID
        self.type = type
        self.baseCurrency = baseCurrency
        self.quoteCurrency = quoteCurrency
        self.settleCurrency = settleCurrency
        self.tickSize = tickSize
        self.lotSize = lotSize
        self.minSize = minSize
    }

    /// The number of contracts, rounded down to the lot, that hold at most `base` units (swaps);
    /// on spot the base quantity itself rounded down to the lot.
    public func size(forBase base: FixedDecimal) throws -> FixedDecimal {
        let raw = try contractValue.map { try base.divided(by: $0, rounding: .down) } ?? base
        return lotSize.isPositive ? try raw.rounded(toMultipleOf: lotSize, .down) : raw
    }

    private struct Entry: Decodable {
        var instId: String
        var instType: String
        var baseCcy: String?
        var quoteCcy: String?
        var settleCcy: String?
        var ctVal: String?
        var tickSz: String
        var lotSz: String
        var minSz: String
        var maxLmtSz: String?
        var maxMktSz: String?
        var state: String?
        var uly: String?
    }

    /// Every instrument of an instruments answer's `data` array.
    public static func parse(instruments body: Data) throws(OKXInstrumentParseError) -> [Symbol: OKXInstrumentRules] {
        struct Envelope: Decodable { var code: String; var data: [Entry] }
        guard let envelope = try? JSONDecoder().decode(Envelope.self, from: body), envelope.code == "0" else { throw .notInstruments }
        var out: [Symbol: OKXInstrumentRules] = [:]
        for e in envelope.data {
            guard let type = OKXInstrumentType(rawValue: e.instType), let id = try? Symbol(e.instId) else { continue }
            func d(_ name: String, _ text: String?) throws(OKXInstrumentParseError) -> FixedDecimal? {
                guard let text, !text.isEmpty else { return nil }
                guard let value = FixedDecimal(text) else { throw .badDecimal(e.instId, name, text) }
                return value
            }
            guard let tick = try d("tickSz", e.tickSz), let lot = try d("lotSz", e.lotSz), let min = try d("minSz", e.minSz) else {
                throw .missingField(e.instId, "tickSz/lotSz/minSz")
            }
            // Swaps name their underlying (`BTC-USDT`) rather than a base currency.
            let underlying = (e.uly ?? "").split(separator: "-").map(String.init)
            var rules = OKXInstrumentRules(
                instrumentID: id, type: type, baseCurrency: e.baseCcy.flatMap { $0.isEmpty ? nil : $0 } ?? underlying.first ?? "",
                quoteCurrency: e.quoteCcy.flatMap { $0.isEmpty ? nil : $0 } ?? (underlying.count > 1 ? underlying[1] : ""),
                settleCurrency: e.settleCcy ?? "", tickSize: tick, lotSize: lot, minSize: min
            )
            rules.maxLimitSize = try d("maxLmtSz", e.maxLmtSz) ?? .zero
            rules.maxMarketSize = try d("maxMktSz", e.maxMktSz) ?? .zero
            rules.contractValue = type == .swap ? try d("ctVal", e.ctVal) : nil
            if type == .swap && !(rules.contractValue?.isPositive ?? false) { throw .missingField(e.instId, "ctVal") }
            rules.state = e.state ?? "live"
            out[id] = rules
        }
        return out
    }
}

/// Why an instruments answer could not be read (its instruments then have no rules: fail closed).
public enum OKXInstrumentParseError: Error, Sendable, Equatable, CustomStringConvertible {
    case notInstruments
    case missingField(String, String)
    case badDecimal(String, String, String)

    public var description: String {
        switch self {
        case .notInstruments: "not an instruments answer"
        case .missingField(let inst, let key): "\(inst) has no \(key)"
        case .badDecimal(let inst, let key, let text): "\(inst).\(key) is not a decimal: \(text.prefix(32))"
        }
    }
}
