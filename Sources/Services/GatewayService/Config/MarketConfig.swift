import ArenaCore
import ArenaRuntime
import MarketData

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

/// The gateway's `market` section (spec §3): the universe every service
/// shares (``ArenaRuntime/UniverseConfig``), and where its data comes from.
public struct MarketConfig: ConfigSection, Equatable {
    public static let key = "market"

    /// Venue, spot or perpetual, symbols.
    public var universe: UniverseConfig
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
        universe: UniverseConfig = UniverseConfig(),
        timeframes: [Timeframe] = Timeframe.allCases, barsFrom: BarSource = .trades, source: MarketSourceKind = .replay,
        replay: ReplayConfig = ReplayConfig(), binance: BinanceConfig = BinanceConfig(), okx: OKXConfig = OKXConfig(),
        integrity: IntegrityConfig = IntegrityConfig()
    ) {
        self.universe = universe
        self.timeframes = timeframes
        self.barsFrom = barsFrom
        self.source = source
        self.replay = replay
        self.binance = binance
        self.okx = okx
        self.integrity = integrity
    }

    enum CodingKeys: String, CodingKey {
        case timeframes, source, replay, binance, okx, integrity
        case barsFrom = "bars_from"
    }

    /// Decodes the section; absent keys take the defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = MarketConfig()
        self.init(
            universe: try UniverseConfig(from: decoder), timeframes: try c.decode(.timeframes, default: d.timeframes),
            barsFrom: try c.decode(.barsFrom, default: d.barsFrom), source: try c.decode(.source, default: d.source),
            replay: try c.decode(.replay, default: d.replay), binance: try c.decode(.binance, default: d.binance),
            okx: try c.decode(.okx, default: d.okx), integrity: try c.decode(.integrity, default: d.integrity)
        )
    }

    /// The data source's rules (the universe's are ``ArenaRuntime/UniverseConfig``'s);
    /// a service the replay waits for must publish (its heartbeats are what it waits on).
    public func validate(into problems: inout ConfigProblems, services: ServicesConfig) {
        for (index, service) in replay.waitFor.enumerated() where services[service]?.pub == nil {
            problems.add(.invalid(
                key: "market.replay.wait_for[\(index)]", value: service.rawValue,
                reason: "the replay waits for a service's heartbeats: it must be in services, with a pub socket"
            ))
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

extension MarketConfig {
    /// The venue events are stamped with.
    public var venue: VenueID { universe.venue }
    /// Spot or USDⓈ-M perpetual.
    public var kind: MarketKind { universe.kind }
    /// The universe.
    public var symbols: [Symbol] { universe.symbols }
}
