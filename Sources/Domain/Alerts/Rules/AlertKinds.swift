/// The alert kinds the arena raises, by trigger (spec §9), for filters and documentation.
///
/// Producers own their kinds (the gateway's data findings, the risk guard's states, the OMS's
/// rejections); this is the catalogue a destination's filter is written against, and the kinds
/// the alerter raises itself.
public enum AlertKinds {
    /// Kill switch: a model or the arena flattened and halted (risk guard).
    public static let killSwitch = "kill_switch"
    /// A model or the arena halted by an operator (risk guard).
    public static let halted = "halted"
    /// Daily drawdown reached: halted until the next UTC day (risk guard).
    public static let dailyDrawdown = "daily_drawdown"
    /// An order the venue or the OMS refused (OMS).
    public static let orderRejected = "order_rejected"
    /// A fill on a live venue (OMS; paper fills raise none).
    public static let liveFill = "live_fill"
    /// Missing trades (gateway; `data_gap_unrepaired` when REST could not fill them).
    public static let dataGap = "data_gap"
    /// A stream silent past `market.integrity.stale_after_ms` (gateway).
    public static let staleFeed = "stale_feed"
    /// A watched service missed its heartbeats (the alerter).
    public static let serviceDown = "service_down"
    /// A service that was down beats again (the alerter).
    public static let serviceRecovered = "service_recovered"
    /// A service came back as a new instance (the alerter).
    public static let serviceRestarted = "service_restarted"
    /// An LLM agent failed several decisions in a row (the arena clock, from the recorded decisions).
    public static let llmFailureStreak = "llm_failure_streak"
    /// An LLM agent spent its daily budget (the arena clock, from the recorded decisions).
    public static let llmBudgetSpent = "llm_budget_spent"
    /// A learned model's file changed and the next tick runs it (the arena clock).
    public static let modelFileReloaded = "model_file_reloaded"
    /// A learned model's file changed into one that cannot run (corrupt, incompatible): the old model keeps running (the arena clock).
    public static let modelFileRejected = "model_file_rejected"
    /// A periodic report's summary (reporter).
    public static let report = "report"
    /// Alerts lost on the bus before they reached the alerter (the alerter, from sequence gaps).
    public static let alertsMissed = "alerts_missed"
    /// A delivery that failed for good after its retries (the alerter, on the other destinations).
    public static let deliveryFailed = "alert_delivery_failed"
    /// A destination that refused us for good (a deleted webhook, a revoked bot token) and is
    /// no longer used (the alerter, on the other destinations).
    public static let destinationDisabled = "alert_destination_disabled"

    /// The kinds the alerter raises about its own deliveries: never reported about themselves
    /// in a loop.
    public static let aboutDelivery: Set<String> = [deliveryFailed, destinationDisabled]
}
