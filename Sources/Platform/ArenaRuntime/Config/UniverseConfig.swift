import ArenaCore

extension Symbol: ConfigScalar {
    /// A symbol such as `BTCUSDT`.
    public static var expectation: String { "a symbol (\(rule))" }
    /// Parses and validates the symbol.
    public static func parse(configText text: String) throws(ConfigScalarRejection) -> Symbol {
        do { return try Symbol(text) } catch { throw ConfigScalarRejection(error.description) }
    }
}

extension VenueID: ConfigScalar {
    /// A venue id such as `binance`.
    public static var expectation: String { "a venue id (\(rule))" }
    /// Parses and validates the venue id.
    public static func parse(configText text: String) throws(ConfigScalarRejection) -> VenueID {
        do { return try VenueID(text) } catch { throw ConfigScalarRejection(error.description) }
    }
}

extension Timeframe: ConfigEnumeration {}

extension MarketKind: ConfigEnumeration {
    /// `spot` or `perpetual` in the file (the wire uses SPOT/PERP).
    public var configName: String { self == .spot ? "spot" : "perpetual" }
}

extension FixedDecimal: ConfigScalar {
    /// An exact decimal such as `10000` or `0.25`.
    public static var expectation: String { "a decimal number" }
    /// Parses the decimal exactly (no binary floating point on the way).
    public static func parse(configText text: String) throws(ConfigScalarRejection) -> FixedDecimal {
        do { return try FixedDecimal(parsing: text) } catch { throw ConfigScalarRejection("\(error)") }
    }
}

/// The market every service shares (spec §3): the venue, spot or perpetual,
/// and the universe of symbols. Read from `venue`, `kind` and `symbols` of the
/// `market` section, whose other keys (where the data comes from) are the
/// gateway's own.
public struct UniverseConfig: ConfigSection, Equatable {
    public static let key = "market"

    /// The venue events are stamped with.
    public var venue: VenueID
    /// Spot or USDⓈ-M perpetual.
    public var kind: MarketKind
    /// The universe, in the configured order.
    public var symbols: [Symbol]

    /// Defaults: Binance spot BTCUSDT and ETHUSDT.
    public init(
        venue: VenueID = VenueID(unchecked: "binance"), kind: MarketKind = .spot,
        symbols: [Symbol] = [Symbol(unchecked: "BTCUSDT"), Symbol(unchecked: "ETHUSDT")]
    ) {
        self.venue = venue
        self.kind = kind
        self.symbols = symbols
    }

    enum CodingKeys: String, CodingKey { case venue, kind, symbols }

    /// Decodes the three keys; absent ones take the defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = UniverseConfig()
        self.init(
            venue: try c.decode(.venue, default: d.venue), kind: try c.decode(.kind, default: d.kind),
            symbols: try c.decode(.symbols, default: d.symbols)
        )
    }

    public func validate(into problems: inout ConfigProblems) {
        if symbols.isEmpty { problems.add(.invalid(key: "market.symbols", value: "[]", reason: "the universe needs at least one symbol")) }
        if Set(symbols).count != symbols.count {
            problems.add(.invalid(key: "market.symbols", value: symbols.map(\.value).joined(separator: ","), reason: "symbols repeat"))
        }
    }
}
