import Alerts
import ArenaRuntime

/// The `alerter` section (spec §9): the destinations and how patiently alerts are delivered.
///
/// ```yaml
/// alerter:
///   dedupe_window_seconds: 300
///   destinations:
///     ops: {type: discord, min_severity: warning}            # ARENA_ALERTER__DESTINATIONS__OPS__WEBHOOK_URL
///     desk: {type: telegram, chat_id: -1001234567890, kinds: [kill_switch, halted, report]}
/// ```
public struct AlerterConfig: ConfigSection, Equatable {
    public static let key = "alerter"
    public static let whenAbsent: AlerterConfig? = AlerterConfig()

    /// Where alerts go, by name (lower-case words joined by `_`: the name is part of the override variables).
    public var destinations: [String: DestinationConfig]
    /// Repeats of an alert within this many seconds collapse into one "×N" summary; 0 sends every one.
    public var dedupeWindowSeconds: Double
    /// Retries of a delivery: attempts in all, the first back-off and its ceiling, and the 429s honoured.
    public var retry: RetryPolicy
    /// One request's deadline (a provider that hangs counts as a failed attempt).
    public var requestTimeoutMilliseconds: Int
    /// A watched service not heard from this long after the alerter starts is down.
    public var startupGraceMilliseconds: Int
    /// How often heartbeats and de-duplication windows are checked.
    public var checkIntervalMilliseconds: Int
    /// At a clean stop, how long deliveries already due may still be sent (the rest wait for the next start).
    public var drainMilliseconds: Int

    /// A configuration; the default has no destination (alerts are recorded, not sent).
    public init(
        destinations: [String: DestinationConfig] = [:], dedupeWindowSeconds: Double = 300, retry: RetryPolicy = RetryPolicy(),
        requestTimeoutMilliseconds: Int = 10_000, startupGraceMilliseconds: Int = 30_000, checkIntervalMilliseconds: Int = 500,
        drainMilliseconds: Int = 5_000
    ) {
        self.destinations = destinations
        self.dedupeWindowSeconds = dedupeWindowSeconds
        self.retry = retry
        self.requestTimeoutMilliseconds = requestTimeoutMilliseconds
        self.startupGraceMilliseconds = startupGraceMilliseconds
        self.checkIntervalMilliseconds = checkIntervalMilliseconds
        self.drainMilliseconds = drainMilliseconds
    }

    enum CodingKeys: String, CodingKey {
        case destinations, dedupeWindowSeconds = "dedupe_window_seconds", maxAttempts = "max_attempts", retryInitialMs = "retry_initial_ms"
        case retryMaxMs = "retry_max_ms", maxRateLimitWaits = "max_rate_limit_waits", requestTimeoutMs = "request_timeout_ms"
        case startupGraceMs = "startup_grace_ms", checkIntervalMs = "check_interval_ms", drainMs = "drain_ms"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = AlerterConfig()
        let retry = RetryPolicy(
            maxAttempts: try c.decode(.maxAttempts, default: d.retry.maxAttempts),
            initialDelay: .milliseconds(try c.decode(.retryInitialMs, default: 1_000)), maximumDelay: .milliseconds(try c.decode(.retryMaxMs, default: 60_000)),
            maxRateLimitWaits: try c.decode(.maxRateLimitWaits, default: d.retry.maxRateLimitWaits)
        )
        self.init(
            destinations: try c.decode(.destinations, default: [:]), dedupeWindowSeconds: try c.decode(.dedupeWindowSeconds, default: d.dedupeWindowSeconds),
            retry: retry, requestTimeoutMilliseconds: try c.decode(.requestTimeoutMs, default: d.requestTimeoutMilliseconds),
            startupGraceMilliseconds: try c.decode(.startupGraceMs, default: d.startupGraceMilliseconds),
            checkIntervalMilliseconds: try c.decode(.checkIntervalMs, default: d.checkIntervalMilliseconds),
            drainMilliseconds: try c.decode(.drainMs, default: d.drainMilliseconds)
        )
    }

    public func validate(into problems: inout ConfigProblems) {
        for (name, destination) in destinations.sorted(by: { $0.key < $1.key }) {
            if AlertFilter.problem(with: name) != nil || name.hasSuffix("*") {
                problems.add(.invalid(key: "alerter.destinations.\(name)", value: name, reason: "a destination's name is lower-case letters, digits and _"))
            }
            destination.validate(name: name, into: &problems)
        }
        if !(dedupeWindowSeconds >= 0) {
            problems.add(.invalid(key: "alerter.dedupe_window_seconds", value: "\(dedupeWindowSeconds)", reason: "0 or more"))
        }
        if retry.maxAttempts < 1 { problems.add(.invalid(key: "alerter.max_attempts", value: "\(retry.maxAttempts)", reason: "at least 1")) }
        if retry.initialDelay <= .zero || retry.maximumDelay < retry.initialDelay {
            problems.add(.invalid(key: "alerter.retry_initial_ms", value: "\(retry.initialDelay)", reason: "positive, and at most retry_max_ms"))
        }
        if retry.maxRateLimitWaits < 0 {
            problems.add(.invalid(key: "alerter.max_rate_limit_waits", value: "\(retry.maxRateLimitWaits)", reason: "0 or more"))
        }
        for (key, value) in [
            ("request_timeout_ms", requestTimeoutMilliseconds), ("startup_grace_ms", startupGraceMilliseconds),
            ("check_interval_ms", checkIntervalMilliseconds), ("drain_ms", drainMilliseconds),
        ] where value < 1 {
            problems.add(.invalid(key: "alerter.\(key)", value: "\(value)", reason: "at least 1"))
        }
    }
}
