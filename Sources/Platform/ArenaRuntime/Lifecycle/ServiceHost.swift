import ArenaBus
import ArenaCore
import ArenaStore
import Logging
import ServiceLifecycle
import UnixSignals

/// Runs one or more ``ServiceComponent``s in this process: the shell every
/// service executable, `arena up` and the single-process run share.
///
/// Built like Hummingbird's `Application`: a `Service` that owns an inner
/// `ServiceGroup`, plus ``runService(gracefulShutdownSignals:)`` to run it as
/// a process with SIGTERM and SIGINT handling.
///
/// ```swift
/// let config = try ArenaConfig.load(path: ArenaConfig.path(), catalogue: catalogue)
/// let host = try ServiceHost(hosting: [GatewayComponent.self], config: config, transport: .zeroMQ)
/// try await host.runService()
/// ```
///
/// For each component the host binds its PUB (heartbeats on `hb.<name>`),
/// builds it on a ``ServiceEnvironment`` over the chosen transport, and binds
/// its REP (`STATUS` plus the component's own requests). The store is opened
/// and the components' schemas migrated before they run. Creating a host
/// bootstraps logging and metrics (once per process). Running it starts, in
/// order, the health server, the store, every component's parts and a watcher
/// of ``ShutdownTrigger``; a graceful shutdown (signal,
/// ``triggerGracefulShutdown(reason:)``, or the enclosing group's) stops them
/// in reverse: readiness turns false first, and the health server stops last
/// so liveness holds while work drains. Parts that have not finished after
/// `arena.shutdown_grace_ms` are cancelled.
public struct ServiceHost: Service, CustomStringConvertible {
    /// How hosted components talk to each other and to other processes.
    public enum Transport: Sendable {
        /// ZeroMQ on the configured endpoints (a service in its own process or container).
        case zeroMQ
        /// The in-process transport (services sharing this process; no endpoint
        /// is bound): the given bus, or nil for one on the wall clock with the
        /// configured request timeout and retries.
        case inProcess(InProcessBus?)
    }

    /// The host's own context: the hosted service's, or the process's name when it hosts several.
    public let context: HostContext
    /// The `/healthz`, `/readyz` and `/metrics` server.
    public let health: HealthServer
    /// The environments of the hosted components, by name.
    public let environments: [ServiceKind: ServiceEnvironment]
    /// The parts to run after the health server, in start order.
    public private(set) var services: [any Service] = []

    /// A host for `components` on `transport`, named `name` (default: the one
    /// component's name), logging to `logOutput`. Builds every component:
    /// configuration problems are thrown as ``ConfigError``s naming the key.
    public init(
        hosting components: [any ServiceComponent.Type], as name: ServiceKind? = nil, config: ArenaConfig,
        transport: Transport, logOutput: LogOutput = .standardError
    ) throws {
        let name = name ?? components.first?.descriptor.kind ?? .supervisor
        ArenaLogging.bootstrap(service: name, config: config, output: logOutput)
        let metrics = ArenaMetrics.bootstrap()
        let readiness = ReadinessRegistry()
        let shutdown = ShutdownTrigger()
        let startedAt = WallClock().now()
        func makeContext(_ kind: ServiceKind, readiness: ReadinessRegistry) -> HostContext {
            var logger = Logger(label: "arena.\(kind)")
            // Loggers made before bootstrap (tests, a second host) still honour the configured level.
            logger.logLevel = config.logLevel(for: kind)
            return HostContext(
                service: kind, config: config, logger: logger, readiness: readiness, metrics: metrics, startedAt: startedAt,
                shutdown: shutdown
            )
        }
        context = makeContext(name, readiness: readiness)
        let section = config.services[name]
        health = HealthServer(
            host: section?.httpHost ?? ServiceConfig.defaultHTTPHost, port: section?.httpPort ?? 0, service: name.rawValue,
            readiness: readiness, metrics: metrics, logger: context.logger
        )
        let (bus, addresses) = try Self.transport(transport, config: config)
        let schemas = components.flatMap { $0.descriptor.schemas }
        let store: StoreHandle
        if schemas.isEmpty {
            store = StoreHandle()
            store.fail(NoStoreError(services: components.map { $0.descriptor.kind }))
        } else {
            let preparation = try StorePreparation(context: context, schemas: schemas)
            services.append(preparation)
            store = preparation.handle
        }
        var environments: [ServiceKind: ServiceEnvironment] = [:]
        for component in components {
            let kind = component.descriptor.kind
            let scoped = components.count > 1 ? readiness.scoped(kind.rawValue) : readiness
            let presence = try BusPresence(context: makeContext(kind, readiness: scoped), descriptor: component.descriptor, transport: bus, addresses: addresses)
            let environment = ServiceEnvironment(
                context: presence.context, transport: bus, addresses: addresses, store: store, publisher: presence.publisher
            )
            let parts = try component.build(in: environment)
            services += try presence.services(serving: environment) + parts
            environments[kind] = environment
        }
        self.environments = environments
    }

    /// The transport and address book of `choice`.
    private static func transport(_ choice: Transport, config: ArenaConfig) throws -> (any BusTransport, BusAddressBook) {
        switch choice {
        case .zeroMQ:
            return (ZeroMQTransport(settings: try BusSettings.settings(config.bus)), .endpoints(config.services))
        case let .inProcess(bus):
            let made = bus ?? InProcessBus(
                requestTimeout: .milliseconds(config.bus.requestTimeoutMs), requestRetries: config.bus.requestRetries
            )
            return (made, .inProcess)
        }
    }

    /// A one-line description for logs and messages.
    public var description: String { "ServiceHost(\(context.service))" }

    /// Adds services to run after the components' parts, in start order.
    public mutating func addServices(_ services: any Service...) {
        self.services.append(contentsOf: services)
    }

    /// Requests a graceful shutdown, as SIGTERM would.
    public func triggerGracefulShutdown(reason: String) {
        context.shutdown.fire(reason: reason)
    }

    /// Runs the health server and the hosted parts until a graceful shutdown
    /// (the enclosing group's, or ``triggerGracefulShutdown(reason:)``) or
    /// cancellation; a part that fails stops the others and its error is
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

/// What a hosted service's store handle fails with when no hosted service declares tables.
public struct NoStoreError: Error, CustomStringConvertible {
    /// The services hosted.
    public var services: [ServiceKind]

    public var description: String { "no store is opened: none of \(services) declares tables" }
}
