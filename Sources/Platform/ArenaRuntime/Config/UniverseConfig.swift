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
    /// Whether trades reach the services: a live source, or a replay with
    /// trade files (`aggtrades`, `trades`, `capture`, or `auto`, which may be
    /// any of them). Read from `source` and `replay.files[].format`, which are
    /// otherwise the gateway's; a replay of klines alone has no trades.
    public var tradeFeed: Bool

    /// Defaults: Binance spot BTCUSDT and ETHUSDT.
    public init(
        venue: VenueID = VenueID(unchecked: "binance"), kind: MarketKind = .spot,
        symbols: [Symbol] = [Symbol(unchecked: "BTCUSDT"), Symbol(unchecked: "ETHUSDT")], tradeFeed: Bool = true
    ) {
        self.tradeFeed = tradeFeed
        self.venue = venue
        self.kind = kind
        self.symbols = symbols
    }

    enum CodingKeys: String, CodingKey { case venue, kind, symbols, source, replay }
    private enum ReplayKeys: String, CodingKey { case files }
    private enum FileKeys: String, CodingKey { case format }
    /// Replay file formats that carry trades.
    static let tradeFormats: Set<String> = ["aggtrades", "trades", "capture", "auto"]

    /// Decodes the keys above; absent ones take the defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = UniverseConfig()
        var tradeFeed = true
        if try c.decode(.source, default: "replay") == "replay" {
            tradeFeed = false
            if c.contains(.replay) {
                let replay = try c.nestedContainer(keyedBy: ReplayKeys.self, forKey: .replay)
                if replay.contains(.files) {
                    var files = try replay.nestedUnkeyedContainer(forKey: .files)
                    while !files.isAtEnd {
                        let file = try files.nestedContainer(keyedBy: FileKeys.self)
                        if Self.tradeFormats.contains(try file.decode(.format, default: "auto")) { tradeFeed = true }
                    }
                }
            }
        }
        self.init(
            venue: try c.decode(.venue, default: d.venue), kind: try c.decode(.kind, default: d.kind),
            symbols: try c.decode(.symbols, default: d.symbols), tradeFeed: tradeFeed
        )
    }

    public func validate(into problems: inout ConfigProblems) {
        if symbols.isEmpty { problems.add(.invalid(key: "market.symbols", value: "[]", reason: "the universe needs at least one symbol")) }
        if Set(symbols).count != symbols.count {
            problems.add(.invalid(key: "market.symbols", value: symbols.map(\.value).joined(separator: ","), reason: "symbols repeat"))
        }
    }
}
