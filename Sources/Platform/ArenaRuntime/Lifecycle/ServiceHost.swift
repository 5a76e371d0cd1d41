import ArenaCore
import Logging
import ServiceLifecycle
import UnixSignals

/// Runs one arena service: the shell every service executable shares.
///
/// Built like Hummingbird's `Application`: a `Service` that owns an inner
/// `ServiceGroup`, plus ``runService(gracefulShutdownSignals:)`` to run it as
/// a process with SIGTERM and SIGINT handling.
///
/// ```swift
/// let config = try ArenaConfig.load(path: ArenaConfig.path())
/// var host = ServiceHost(service: .gateway, config: config)
/// host.addServices(MarketGateway(context: host.context), HeartbeatPublisher(context: host.context))
/// try await host.runService()
/// ```
///
/// Creating a host bootstraps logging and metrics (once per process).
/// Running it starts, in order, the health server, the added services, and a
/// watcher of ``ShutdownTrigger``; a graceful shutdown (signal,
/// ``triggerGracefulShutdown(reason:)``, or the enclosing group's) stops them
/// in reverse: readiness turns false first, the added services stop, and the
/// health server stops last so liveness holds while work drains. Services
/// that have not finished after `arena.shutdown_grace_ms` are cancelled.
public struct ServiceHost: Service, CustomStringConvertible {
    /// What hosted components share.
    public let context: HostContext
    /// The `/healthz`, `/readyz` and `/metrics` server.
    public let health: HealthServer
    /// The service's own services, started after the health server.
    public private(set) var services: [any Service] = []

    /// A host for `service` with `config`, logging to `logOutput`.
    public init(service: ServiceKind, config: ArenaConfig, logOutput: LogOutput = .standardError) {
        ArenaLogging.bootstrap(service: service, config: config, output: logOutput)
        var logger = Logger(label: "arena.\(service)")
        // Loggers made before bootstrap (tests, a second host) still honour the configured level.
        logger.logLevel = config.logLevel(for: service)
        let metrics = ArenaMetrics.bootstrap()
        let readiness = ReadinessRegistry()
        context = HostContext(
            service: service, config: config, logger: logger, readiness: readiness, metrics: metrics,
            startedAt: WallClock().now(), shutdown: ShutdownTrigger()
        )
        let section = config.services[service]
        health = HealthServer(
            host: section.httpHost, port: section.httpPort, service: service.rawValue, readiness: readiness,
            metrics: metrics, logger: logger
        )
    }

    /// A one-line description for logs and messages.
    public var description: String { "ServiceHost(\(context.service))" }

    /// Adds services to run alongside the health server, in start order.
    public mutating func addServices(_ services: any Service...) {
        self.services.append(contentsOf: services)
    }

    /// Adds services to run alongside the health server, in start order.
    public mutating func addServices(_ services: some Sequence<any Service>) {
        self.services.append(contentsOf: services)
    }

    /// Requests a graceful shutdown, as SIGTERM would.
    public func triggerGracefulShutdown(reason: String) {
        context.shutdown.fire(reason: reason)
    }

    /// Runs the health server and the added services until a graceful shutdown
    /// (the enclosing group's, or ``triggerGracefulShutdown(reason:)``) or
    /// cancellation; a service that fails stops the others and its error is
    /// logged and rethrown. A host runs once: its `lifecycle` readiness check
    /// cannot be registered twice.
    public func run() async throws {
        let logger = context.logger
        let lifecycle = try context.readiness.register("lifecycle")
        announce()
        let watcher = ShutdownWatcher(trigger: context.shutdown, lifecycle: lifecycle)
        var configuration = ServiceGroupConfiguration(
            services: [.init(service: health)]
                + services.map { .init(service: $0) }
                + [.init(service: watcher, successTerminationBehavior: .gracefullyShutdownGroup)],
            logger: logger
        )
        configuration.maximumGracefulShutdownDuration = context.config.arena.shutdownGrace
        let group = ServiceGroup(configuration: configuration)
        do {
            try await group.run()
        } catch {
            logger.error("service stopped with an error", metadata: ["error": "\(error)"])
            throw error
        }
        logger.info("service stopped", metadata: ["reason": "\(context.shutdown.reason ?? "all services finished")"])
    }

    /// Runs the host as the process's main work, shutting down gracefully on `gracefulShutdownSignals`.
    public func runService(gracefulShutdownSignals: [UnixSignal] = [.sigterm, .sigint]) async throws {
        // The host returns on its own after ``triggerGracefulShutdown(reason:)``;
        // that is a clean end, not the "finished unexpectedly" error of the default.
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: self, successTerminationBehavior: .gracefullyShutdownGroup)],
                gracefulShutdownSignals: gracefulShutdownSignals, logger: context.logger
            )
        )
        try await group.run()
    }

    /// The start line, including the trading switch: spec §7 asks that the
    /// service say at start whether live trading is off.
    private func announce() {
        let config = context.config
        MetricsInfo.record(context)
        let metadata: Logger.Metadata = [
            "arena": "\(config.arena.name)", "mode": "\(config.arena.mode)",
            "trading_enabled": "\(config.arena.tradingEnabled)", "http": "\(health.host):\(health.port)",
            "services": .array(services.map { .string("\($0)") }),
        ]
        context.logger.info("service starting", metadata: metadata)
        if config.arena.tradingEnabled {
            context.logger.warning("LIVE TRADING IS ENABLED: orders may reach live venues")
        } else {
            context.logger.notice("live trading is disabled (arena.trading_enabled is false): no order reaches a live venue")
        }
    }
}

/// The `arena_service_info` gauge: 1, labelled with who this process is.
private enum MetricsInfo {
    static func record(_ context: HostContext) {
        context.metrics.registry.makeGauge(
            descriptor: .arena(MetricNames.serviceInfo, help: "Identifies the service; always 1."),
            labels: [
                ("service", context.service.rawValue), ("arena", context.config.arena.name),
                ("mode", context.config.arena.mode.rawValue),
            ]
        ).set(to: 1)
    }
}
