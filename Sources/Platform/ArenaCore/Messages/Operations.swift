/// A service's state as reported in heartbeats and status replies.
public enum ServiceState: String, WireEnum {
    case starting = "STARTING"
    case ready = "READY"
    case degraded = "DEGRADED"
    case stopping = "STOPPING"
}

/// "I am alive", published by every service on `hb.<service>`.
public struct Heartbeat: Sendable, Hashable, Codable {
    public var service: ServiceName
    /// Random per process start, so a restart is visible.
    public var instance: String
    public var state: ServiceState
    public var sentAt: Timestamp
    public var uptimeSeconds: Int64
    /// The interval the sender promises; a receiver may declare it dead after a few misses.
    public var intervalMilliseconds: Int64
    /// User and system CPU time of the process so far, in seconds (from `/proc`; nil where unavailable).
    public var cpuSeconds: Double?
    /// Resident memory of the process, in bytes (nil where unavailable).
    public var residentMemoryBytes: Int64?

    public init(
        service: ServiceName, instance: String, state: ServiceState, sentAt: Timestamp,
        uptimeSeconds: Int64, intervalMilliseconds: Int64, cpuSeconds: Double? = nil, residentMemoryBytes: Int64? = nil
    ) {
        self.service = service
        self.instance = instance
        self.state = state
        self.sentAt = sentAt
        self.uptimeSeconds = uptimeSeconds
        self.intervalMilliseconds = intervalMilliseconds
        self.cpuSeconds = cpuSeconds
        self.residentMemoryBytes = residentMemoryBytes
    }
}

/// How bad an alert is; destinations filter on it.
public enum AlertSeverity: String, WireEnum, Comparable {
    case info = "INFO"
    case warning = "WARNING"
    case error = "ERROR"
    case critical = "CRITICAL"

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .error: 2
        case .critical: 3
        }
    }

    public static func < (lhs: AlertSeverity, rhs: AlertSeverity) -> Bool { lhs.rank < rhs.rank }
}

/// An alert event, published on `alert.<kind>` for the alerter.
public struct Alert: Sendable, Hashable, Codable {
    /// Unique id, for de-duplication of redeliveries.
    public var id: String
    public var severity: AlertSeverity
    /// What happened, as a stable machine key: `data_gap`, `stale_feed`, `kill_switch`, …
    public var kind: String
    public var source: ServiceName
    public var title: String
    public var message: String
    public var symbol: Symbol?
    public var model: ModelID?
    /// Extra facts shown as fields of the notification.
    public var fields: [String: String]
    public var time: Timestamp

    public init(
        id: String, severity: AlertSeverity, kind: String, source: ServiceName, title: String,
        message: String, symbol: Symbol? = nil, model: ModelID? = nil, fields: [String: String] = [:],
        time: Timestamp
    ) {
        self.id = id
        self.severity = severity
        self.kind = kind
        self.source = source
        self.title = title
        self.message = message
        self.symbol = symbol
        self.model = model
        self.fields = fields
        self.time = time
    }
}

/// A request to a service's control endpoint.
public struct ControlRequest: Sendable, Hashable, Codable {
    /// What is asked.
    public enum Command: String, WireEnum {
        /// Answer with a ``ServiceStatus``.
        case status = "STATUS"
    }

    public var command: Command

    public init(command: Command) { self.command = command }
}

/// A service's answer to a ``ControlRequest``.
public struct ServiceStatus: Sendable, Hashable, Codable {
    public var service: ServiceName
    public var instance: String
    public var state: ServiceState
    public var version: String
    public var startedAt: Timestamp
    public var now: Timestamp
    /// Counters the service chooses to expose (messages published, errors, …).
    public var counters: [String: Int64]

    public init(
        service: ServiceName, instance: String, state: ServiceState, version: String,
        startedAt: Timestamp, now: Timestamp, counters: [String: Int64]
    ) {
        self.service = service
        self.instance = instance
        self.state = state
        self.version = version
        self.startedAt = startedAt
        self.now = now
        self.counters = counters
    }
}
