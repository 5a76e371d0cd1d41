/// Whether orders go to the paper venue or to a live venue.
public enum TradingMode: String, Sendable, Codable, ConfigEnumeration {
    /// Simulated fills against real or replayed prices (the default).
    case paper
    /// Live venues; orders are still only sent when trading is enabled.
    case live
}

/// The `arena` section: what this deployment is and whether it may trade.
public struct ArenaSettings: Sendable, Equatable, Decodable {
    /// The deployment's name, in every log line and heartbeat (required).
    public var name: String
    /// `paper` (default) or `live`.
    public var mode: TradingMode
    /// The fail-closed live switch: `false` unless explicitly set (spec §7, §11).
    /// Also settable by `TRADING_ENABLED`; see ``EnvironmentOverrides/aliases``.
    public var tradingEnabled: Bool
    /// How long services get to finish after SIGTERM before they are cancelled.
    public var shutdownGraceMs: Int
    /// A lockstep replay (ADR 0016): the gateway publishes each minute of
    /// market time only once the OMS, the feature engine and the risk guard
    /// have finished with the one before, so runs of the same data decide and
    /// fill alike whatever the speed, the transport or the machine's load.
    /// Replays only; off by default.
    public var lockstep: Bool

    /// Defaults shared by the memberwise initialiser and the decoder.
    public enum Defaults {
        /// Paper trading.
        public static let mode = TradingMode.paper
        /// Live trading off.
        public static let tradingEnabled = false
        /// Ten seconds: inside Kubernetes' default 30 s termination grace period.
        public static let shutdownGraceMs = 10_000
        /// Services race the replay, as they race a live market.
        public static let lockstep = false
    }

    /// A settings value; the defaults are those of ``Defaults``.
    public init(
        name: String, mode: TradingMode = Defaults.mode, tradingEnabled: Bool = Defaults.tradingEnabled,
        shutdownGraceMs: Int = Defaults.shutdownGraceMs, lockstep: Bool = Defaults.lockstep
    ) {
        self.name = name
        self.mode = mode
        self.tradingEnabled = tradingEnabled
        self.shutdownGraceMs = shutdownGraceMs
        self.lockstep = lockstep
    }

    /// ``shutdownGraceMs`` as a duration.
    public var shutdownGrace: Duration { .milliseconds(shutdownGraceMs) }

    enum CodingKeys: String, CodingKey {
        case name, mode
        case tradingEnabled = "trading_enabled"
        case shutdownGraceMs = "shutdown_grace_ms"
        case lockstep
    }

    /// Decodes the section; absent keys take the documented defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try c.decode(String.self, forKey: .name),
            mode: try c.decode(.mode, default: Defaults.mode),
            tradingEnabled: try c.decode(.tradingEnabled, default: Defaults.tradingEnabled),
            shutdownGraceMs: try c.decode(.shutdownGraceMs, default: Defaults.shutdownGraceMs),
            lockstep: try c.decode(.lockstep, default: Defaults.lockstep)
        )
    }

    func validate(into problems: inout ConfigProblems) {
        problems.check(
            (1...64).contains(name.count) && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) },
            key: "arena.name", value: name, "must be 1 to 64 letters, digits, '.', '_' or '-'"
        )
        // Enabling trading in paper mode does nothing; refusing it makes the
        // operator state the intent (live) instead of believing trading is live.
        problems.check(
            !tradingEnabled || mode == .live, key: "arena.trading_enabled", value: String(tradingEnabled),
            "takes effect only with arena.mode: live; set the mode too or leave trading disabled"
        )
        problems.range(shutdownGraceMs, 100...300_000, key: "arena.shutdown_grace_ms")
        // Lockstep holds the market for the services: a live market cannot be held.
        problems.check(!lockstep || mode == .paper, key: "arena.lockstep", value: "true", "is for replays on the paper venue; set arena.mode: paper")
    }
}
