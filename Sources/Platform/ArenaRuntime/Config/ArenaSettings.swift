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

    /// Defaults shared by the memberwise initialiser and the decoder.
    public enum Defaults {
        /// Paper trading.
        public static let mode = TradingMode.paper
        /// Live trading off.
        public static let tradingEnabled = false
        /// Ten seconds: inside Kubernetes' default 30 s termination grace period.
        public static let shutdownGraceMs = 10_000
    }

    /// A settings value; the defaults are those of ``Defaults``.
    public init(
        name: String, mode: TradingMode = Defaults.mode, tradingEnabled: Bool = Defaults.tradingEnabled,
        shutdownGraceMs: Int = Defaults.shutdownGraceMs
    ) {
        self.name = name
        self.mode = mode
        self.tradingEnabled = tradingEnabled
        self.shutdownGraceMs = shutdownGraceMs
    }

    /// ``shutdownGraceMs`` as a duration.
    public var shutdownGrace: Duration { .milliseconds(shutdownGraceMs) }

    enum CodingKeys: String, CodingKey {
        case name, mode
        case tradingEnabled = "trading_enabled"
        case shutdownGraceMs = "shutdown_grace_ms"
    }

    /// Decodes the section; absent keys take the documented defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try c.decode(String.self, forKey: .name),
            mode: try c.decode(.mode, default: Defaults.mode),
            tradingEnabled: try c.decode(.tradingEnabled, default: Defaults.tradingEnabled),
            shutdownGraceMs: try c.decode(.shutdownGraceMs, default: Defaults.shutdownGraceMs)
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
    }
}
