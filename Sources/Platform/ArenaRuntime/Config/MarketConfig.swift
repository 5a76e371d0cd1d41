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

/// Where the gateway's market data comes from.
public enum MarketSourceKind: String, Sendable, Hashable, CaseIterable, ConfigEnumeration {
    /// Files under `market.replay`.
    case replay
    /// Binance spot or USDⓈ-M WebSocket streams with REST backfill.
    case binance
    /// OKX public WebSocket.
    case okx
}

extension BarSource: ConfigEnumeration {}

/// The `market` section: the universe and where its data comes from (spec §3).
public struct MarketConfig: Sendable, Equatable, Decodable {
    /// The venue events are stamped with.
    public var venue: VenueID
    /// Spot or USDⓈ-M perpetual.
    public var kind: MarketKind
    /// The universe.
    public var symbols: [Symbol]
    /// Bar lengths produced (1m always).
    public var timeframes: [Timeframe]
    public var barsFrom: BarSource
    public var source: MarketSourceKind
    public var replay: ReplayConfig
    public var binance: BinanceConfig
    public var okx: OKXConfig
    public var integrity: IntegrityConfig

    /// Defaults: Binance spot BTCUSDT and ETHUSDT, every timeframe, bars from trades, replay.
    public init(
        venue: VenueID = VenueID(unchecked: "binance"), kind: MarketKind = .spot,
        symbols: [Symbol] = [Symbol(unchecked: "BTCUSDT"), Symbol(unchecked: "ETHUSDT")],
        timeframes: [Timeframe] = Timeframe.allCases, barsFrom: BarSource = .trades, source: MarketSourceKind = .replay,
        replay: ReplayConfig = ReplayConfig(), binance: BinanceConfig = BinanceConfig(), okx: OKXConfig = OKXConfig(),
        integrity: IntegrityConfig = IntegrityConfig()
    ) {
        self.venue = venue
        self.kind = kind
        self.symbols = symbols
        self.timeframes = timeframes
        self.barsFrom = barsFrom
        self.source = source
        self.replay = replay
        self.binance = binance
        self.okx = okx
        self.integrity = integrity
    }

    enum CodingKeys: String, CodingKey {
        case venue, kind, symbols, timeframes, source, replay, binance, okx, integrity
        case barsFrom = "bars_from"
    }

    /// Decodes the section; absent keys take the defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = MarketConfig()
        self.init(
            venue: try c.decode(.venue, default: d.venue), kind: try c.decode(.kind, default: d.kind),
            symbols: try c.decode(.symbols, default: d.symbols), timeframes: try c.decode(.timeframes, default: d.timeframes),
            barsFrom: try c.decode(.barsFrom, default: d.barsFrom), source: try c.decode(.source, default: d.source),
            replay: try c.decode(.replay, default: d.replay), binance: try c.decode(.binance, default: d.binance),
            okx: try c.decode(.okx, default: d.okx), integrity: try c.decode(.integrity, default: d.integrity)
        )
    }

    func validate(into problems: inout ConfigProblems) {
        if symbols.isEmpty { problems.add(.invalid(key: "market.symbols", value: "[]", reason: "the universe needs at least one symbol")) }
        if Set(symbols).count != symbols.count {
            problems.add(.invalid(key: "market.symbols", value: symbols.map(\.value).joined(separator: ","), reason: "symbols repeat"))
        }
        problems.range(integrity.staleAfterMs, 1_000...3_600_000, key: "market.integrity.stale_after_ms")
        problems.range(integrity.closeGraceMs, 0...60_000, key: "market.integrity.close_grace_ms")
        problems.range(integrity.jumpWindow, 2...100_000, key: "market.integrity.jump_window")
        if !(integrity.jumpSigmas > 0) {
            problems.add(.invalid(key: "market.integrity.jump_sigmas", value: "\(integrity.jumpSigmas)", reason: "must be above 0"))
        }
        if replay.speed < 0 {
            problems.add(.invalid(key: "market.replay.speed", value: "\(replay.speed)", reason: "0 (as fast as possible) or a positive factor"))
        }
    }
}
