/// The gateway's topics (proto/PROTOCOL.md): subscribers subscribe to prefixes,
/// so `md.bar.1m.` gets every symbol's 1m bars and `md.trade.BTCUSDT` one symbol's trades.
public enum MarketTopics {
    public static func trade(_ s: Symbol) -> String { "md.trade.\(s)" }
    public static func bar(_ tf: Timeframe, _ s: Symbol) -> String { "md.bar.\(tf.rawValue).\(s)" }
    public static func book(_ s: Symbol) -> String { "md.book.\(s)" }
    public static func funding(_ s: Symbol) -> String { "md.funding.\(s)" }
    public static func liquidation(_ s: Symbol) -> String { "md.liq.\(s)" }
    public static func depth(_ s: Symbol) -> String { "md.depth.\(s)" }
    /// Positioning statistics of a perpetual (``Positioning``); `md.pos.` for every symbol.
    public static func positioning(_ s: Symbol) -> String { "\(positioningPrefix)\(s)" }
    /// Every symbol's positioning statistics: the prefix of ``positioning(_:)``.
    public static let positioningPrefix = "md.pos."
    public static func alert(_ kind: String) -> String { "alert.\(kind)" }
}

/// The feature engine's topics: snapshots, rounds and decisions.
public enum ArenaTopics {
    /// Every tick's snapshot with its hash (``FeatureSnapshot``).
    public static let snapshot = "feat.snapshot"
    /// Every closed round (``RoundRecord``).
    public static let roundCompleted = "round.completed"
    /// One model's decisions (``ModelDecision``); subscribe to `decision.` for all.
    public static func decision(_ model: ModelID) -> String { "decision.\(model)" }
    /// One model's account states from the OMS (``AccountState``).
    public static func account(_ model: ModelID) -> String { "\(accounts)\(model)" }
    /// Every model's account states: the prefix of ``account(_:)``.
    public static let accounts = "acct."
}

/// The risk guard's and the OMS's topics.
public enum ExecutionTopics {
    /// Every verdict of one model (``RiskVerdict``); `risk.verdict.` for all.
    public static func verdict(_ model: ModelID) -> String { "risk.verdict.\(model)" }
    /// Trading-state changes (``TradingStateChange``) of one model, or of the arena (`risk.state.arena`); `risk.state.` for all.
    public static func state(_ model: ModelID?) -> String { "risk.state.\(model?.value ?? "arena")" }
    /// One model's order events (``OrderEvent``); `order.` for all.
    public static func order(_ model: ModelID) -> String { "order.\(model)" }
    /// One model's fills (``Fill``); `fill.` for all.
    public static func fill(_ model: ModelID) -> String { "fill.\(model)" }
    /// One model's funding payments (``FundingPayment``); `funding.` for all.
    public static func funding(_ model: ModelID) -> String { "funding.\(model)" }
}
