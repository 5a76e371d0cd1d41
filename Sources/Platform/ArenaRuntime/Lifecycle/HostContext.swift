import ArenaCore
import Logging

/// What a component hosted by a ``ServiceHost`` gets from it: who it runs
/// as, the configuration, and the shared logging, readiness and metrics.
///
/// Components that plug into the host (the bus heartbeat publisher, a
/// control endpoint, the service's own loops) take this one value rather
/// than each piece, so adding a shared facility later changes no signatures.
public struct HostContext: Sendable {
    /// The service being run.
    public let service: ServiceKind
    /// The validated configuration.
    public let config: ArenaConfig
    /// The service's logger (label `arena.<service>`).
    public let logger: Logger
    /// The readiness checks behind `/readyz`.
    public let readiness: ReadinessRegistry
    /// The metrics behind `/metrics`.
    public let metrics: ArenaMetrics
    /// When the host was created (wall clock), for heartbeats and uptime.
    public let startedAt: Timestamp
    /// Requests a graceful shutdown of the whole host (see ``ServiceHost/triggerGracefulShutdown(reason:)``).
    public let shutdown: ShutdownTrigger

    /// This service's own entry under `services`, if the configuration has one.
    public var serviceConfig: ServiceConfig? { config.services[service] }
}
