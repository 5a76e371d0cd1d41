import ArenaBus
import ArenaRuntime
import Hummingbird
import Logging
import ServiceLifecycle

/// The dashboard and the HTTP API on `reporter.host:reporter.port`, as a ServiceLifecycle service:
/// one Hummingbird application, every route behind the ``AccessMiddleware``.
public struct DashboardServer: Service, CustomStringConvertible {
    let config: ReporterConfig
    let state: ReporterState
    let store: StoreHandle
    let controls: any RequestClient
    let logger: Logger
    /// The bound port, once listening (tests ask for port 0).
    public let bound = Latch<Int>()

    /// A server for `state` with `config`'s address, tokens and limits; operator actions go to the
    /// risk guard through `controls`.
    public init(config: ReporterConfig, state: ReporterState, store: StoreHandle, controls: any RequestClient, logger: Logger) {
        self.config = config
        self.state = state
        self.store = store
        self.controls = controls
        self.logger = logger
    }

    public var description: String { "DashboardServer(\(config.host):\(config.port))" }

    /// The router: middleware, API, admin actions, pages. Also what tests and the benchmark serve.
    func router() throws -> Router<ReporterContext> {
        let router = Router(context: ReporterContext.self)
        router.add(middleware: AccessMiddleware(
            viewerToken: config.viewerToken?.reveal(), adminToken: config.adminToken?.reveal(),
            limiter: RateLimiter(rate: config.requestsPerSecond, burst: config.burst), maxBodyBytes: config.maxBodyBytes
        ))
        APIRoutes(state: state, store: store, config: config).register(on: router)
        AdminRoutes(controls: controls, store: store, config: config, logger: logger).register(on: router)
        ReportRoutes(store: store, config: config).register(on: router)
        DashboardRoutes(state: state, store: store, pages: try DashboardPages(chartPoints: config.chartPoints)).register(on: router)
        router.get("api/static-probe") { _, _ in JSONResponse.bytes(Array(#"{"ok":true}"#.utf8)) }
        return router
    }

    public func run() async throws {
        let bound = self.bound
        let app = Application(
            router: try router(), configuration: ApplicationConfiguration(address: .hostname(config.host, port: config.port), serverName: "alpha-arena"),
            onServerRunning: { channel in if let port = channel.localAddress?.port { bound.resolve(port) } }, logger: logger
        )
        logger.info("dashboard", metadata: ["url": "http://\(config.host):\(config.port)/"])
        try await app.run()
    }
}
