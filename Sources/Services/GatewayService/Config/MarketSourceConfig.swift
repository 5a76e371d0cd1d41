import ArenaCore
import ArenaRuntime
import MarketDataLive

/// One file of a replay: its path, what it holds and, for layouts without a
/// symbol column, which instrument it is.
public struct ReplayFileConfig: Sendable, Equatable, Decodable {
    public var path: String
    /// The layout name (`klines`, `aggtrades`, `trades`, `funding`, `liquidations`, `capture`);
    /// `auto` lets the reader tell from the file.
    public var format: String
    /// The symbol, for files that do not name it.
    public var symbol: Symbol?

    public init(path: String, format: String = "auto", symbol: Symbol? = nil) {
        self.path = path
        self.format = format
        self.symbol = symbol
    }

    enum CodingKeys: String, CodingKey { case path, format, symbol }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            path: try c.decode(String.self, forKey: .path), format: try c.decode(.format, default: "auto"),
            symbol: try c.decodeIfPresent(Symbol.self, forKey: .symbol)
        )
    }
}

/// `market.replay`: files merged in time order, the pace of the replay, and
/// the services it waits for.
public struct ReplayConfig: Sendable, Equatable, Decodable {
    public var files: [ReplayFileConfig]
    /// 0 replays as fast as possible on a simulated clock; N replays at N × real time.
    public var speed: Double
    /// Services whose heartbeats must say `READY` before the first event is
    /// sent (the feature engine: subscribed and warm), so that a replay over
    /// processes loses nothing to the start-up race and gives the same
    /// decisions every run. Empty: the replay starts at once.
    public var waitFor: [ServiceKind]
    /// In a lockstep replay (`arena.lockstep`), the replay ends once the store
    /// holds this many decision rounds (the feature engine's round numbers) and
    /// their orders are at the OMS (`arena up --lockstep --ticks N`); nil replays
    /// every file to its end.
    public var stopAfterRounds: Int?

    public init(files: [ReplayFileConfig] = [], speed: Double = 0, waitFor: [ServiceKind] = [], stopAfterRounds: Int? = nil) {
        self.files = files
        self.speed = speed
        self.waitFor = waitFor
        self.stopAfterRounds = stopAfterRounds
    }

    enum CodingKeys: String, CodingKey {
        case files, speed
        case waitFor = "wait_for"
        case stopAfterRounds = "stop_after_rounds"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            files: try c.decode(.files, default: []), speed: try c.decode(.speed, default: 0),
            waitFor: try c.decode(.waitFor, default: [String]()).map(ServiceKind.init(rawValue:)),
            stopAfterRounds: try c.decodeIfPresent(Int.self, forKey: .stopAfterRounds)
        )
    }
}

/// `market.binance`: endpoints (tests point them at the local fake exchange).
public struct BinanceConfig: Sendable, Equatable, Decodable {
    /// WebSocket base, e.g. `wss://stream.binance.com:9443` (spot) or `wss://fstream.binance.com` (USDⓈ-M).
    public var wsURL: String?
    /// REST base, e.g. `https://api.binance.com` (spot) or `https://fapi.binance.com` (USDⓈ-M).
    public var restURL: String?

    public init(wsURL: String? = nil, restURL: String? = nil) {
        self.wsURL = wsURL
        self.restURL = restURL
    }

    enum CodingKeys: String, CodingKey {
        case wsURL = "ws_url"
        case restURL = "rest_url"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(wsURL: try c.decodeIfPresent(String.self, forKey: .wsURL), restURL: try c.decodeIfPresent(String.self, forKey: .restURL))
    }
}

/// `market.okx`: the public WebSocket endpoint.
public struct OKXConfig: Sendable, Equatable, Decodable {
    public var wsURL: String?

    public init(wsURL: String? = nil) { self.wsURL = wsURL }

    enum CodingKeys: String, CodingKey { case wsURL = "ws_url" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(wsURL: try c.decodeIfPresent(String.self, forKey: .wsURL))
    }
}

/// `market.integrity`: thresholds of the data checks.
public struct IntegrityConfig: Sendable, Equatable, Decodable {
    /// Silence after which a stream is stale (spec §3: 30 s).
    public var staleAfterMs: Int
    /// How long after a minute ends its bar waits for late trades before closing.
    public var closeGraceMs: Int
    /// Price-jump threshold in standard deviations of recent 1m returns.
    public var jumpSigmas: Double
    /// Recent 1m returns the threshold looks at.
    public var jumpWindow: Int

    public init(staleAfterMs: Int = 30_000, closeGraceMs: Int = 2_000, jumpSigmas: Double = 8, jumpWindow: Int = 120) {
        self.staleAfterMs = staleAfterMs
        self.closeGraceMs = closeGraceMs
        self.jumpSigmas = jumpSigmas
        self.jumpWindow = jumpWindow
    }

    enum CodingKeys: String, CodingKey {
        case staleAfterMs = "stale_after_ms"
        case closeGraceMs = "close_grace_ms"
        case jumpSigmas = "jump_sigmas"
        case jumpWindow = "jump_window"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = IntegrityConfig()
        self.init(
            staleAfterMs: try c.decode(.staleAfterMs, default: d.staleAfterMs),
            closeGraceMs: try c.decode(.closeGraceMs, default: d.closeGraceMs),
            jumpSigmas: try c.decode(.jumpSigmas, default: d.jumpSigmas), jumpWindow: try c.decode(.jumpWindow, default: d.jumpWindow)
        )
    }
}

/// `market.positioning`: the venue's positioning statistics (open interest,
/// long/short account ratio, top-trader long share), polled from Binance
/// USDⓈ-M every 5 minutes (``MarketDataLive/PositioningPoller``) and
/// published on `md.pos.<SYMBOL>`. A replay has none.
public struct PositioningConfig: Sendable, Equatable, Decodable {
    /// On or off; absent: on for a perpetual market from live Binance, off otherwise.
    public var enabled: Bool?
    /// After each 5-minute boundary, the time the venue is given to publish the period's point.
    public var delayMs: Int
    /// While a point is not there yet, the wait before asking again.
    public var retryMs: Int
    /// How long a poll keeps asking; then the point goes out with what is there.
    public var patienceMs: Int

    public init(enabled: Bool? = nil, delayMs: Int = 20_000, retryMs: Int = 15_000, patienceMs: Int = 120_000) {
        self.enabled = enabled
        self.delayMs = delayMs
        self.retryMs = retryMs
        self.patienceMs = patienceMs
    }

    enum CodingKeys: String, CodingKey {
        case enabled
        case delayMs = "delay_ms"
        case retryMs = "retry_ms"
        case patienceMs = "patience_ms"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = PositioningConfig()
        self.init(
            enabled: try c.decodeIfPresent(Bool.self, forKey: .enabled), delayMs: try c.decode(.delayMs, default: d.delayMs),
            retryMs: try c.decode(.retryMs, default: d.retryMs), patienceMs: try c.decode(.patienceMs, default: d.patienceMs)
        )
    }

    /// The poller's schedule (a 5-minute period).
    public var schedule: PositioningSchedule {
        PositioningSchedule(delay: .milliseconds(delayMs), retryInterval: .milliseconds(retryMs), patience: .milliseconds(patienceMs))
    }
}
