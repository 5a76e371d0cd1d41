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
    public var positioning: PositioningConfig

    /// Defaults: Binance spot BTCUSDT and ETHUSDT, every timeframe, bars from trades, replay.
    public init(
        universe: UniverseConfig = UniverseConfig(),
        timeframes: [Timeframe] = Timeframe.allCases, barsFrom: BarSource = .trades, source: MarketSourceKind = .replay,
        replay: ReplayConfig = ReplayConfig(), binance: BinanceConfig = BinanceConfig(), okx: OKXConfig = OKXConfig(),
        integrity: IntegrityConfig = IntegrityConfig(), positioning: PositioningConfig = PositioningConfig()
    ) {
        self.universe = universe
        self.timeframes = timeframes
        self.barsFrom = barsFrom
        self.source = source
        self.replay = replay
        self.binance = binance
        self.okx = okx
        self.integrity = integrity
        self.positioning = positioning
    }

    enum CodingKeys: String, CodingKey {
        case timeframes, source, replay, binance, okx, integrity, positioning
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
            okx: try c.decode(.okx, default: d.okx), integrity: try c.decode(.integrity, default: d.integrity),
            positioning: try c.decode(.positioning, default: d.positioning)
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
        validatePositioning(into: &problems)
        if let rounds = replay.stopAfterRounds { problems.range(rounds, 1...10_000_000, key: "market.replay.stop_after_rounds") }
        if replay.speed < 0 {
            problems.add(.invalid(key: "market.replay.speed", value: "\(replay.speed)", reason: "0 (as fast as possible) or a positive factor"))
        }
    }
}

extension MarketConfig {
    /// Whether the gateway polls positioning statistics (`market.positioning.enabled`,
    /// by default on for a perpetual market from live Binance).
    public var pollsPositioning: Bool { positioning.enabled ?? (kind == .perpetual && source == .binance) }

    private func validatePositioning(into problems: inout ConfigProblems) {
        if positioning.enabled == true, kind != .perpetual || source != .binance {
            problems.add(.invalid(
                key: "market.positioning.enabled", value: "true",
                reason: "positioning statistics come from Binance USDⓈ-M: market.kind must be perpetual and market.source binance "
                    + "(they are \(kind.configName) and \(source.rawValue))"
            ))
        }
        problems.range(positioning.delayMs, 0...240_000, key: "market.positioning.delay_ms")
        problems.range(positioning.retryMs, 100...120_000, key: "market.positioning.retry_ms")
        problems.range(positioning.patienceMs, 0...(280_000 - positioning.delayMs), key: "market.positioning.patience_ms")
    }

    /// The venue events are stamped with.
    public var venue: VenueID { universe.venue }
    /// Spot or USDⓈ-M perpetual.
    public var kind: MarketKind { universe.kind }
    /// The universe.
    public var symbols: [Symbol] { universe.symbols }
}
