import Hummingbird
import Logging
import ServiceLifecycle

/// The HTTP server of `/healthz`, `/readyz` and `/metrics` (see ``HealthRoutes``),
/// as a ServiceLifecycle `Service`: it starts when its group runs and stops
/// on the group's graceful shutdown, like a Hummingbird `Application`, which
/// it wraps.
public struct HealthServer: Service, CustomStringConvertible {
    /// The interface it listens on.
    public let host: String
    /// The configured port; 0 asks the system for a free one (see ``listeningPort()``).
    public let port: Int
    private let service: String
    private let readiness: ReadinessRegistry
    private let metrics: ArenaMetrics
    private let logger: Logger
    /// The bound port or why there is none; awaited by ``listeningPort()``.
    private let bound = Latch<Result<Int, HealthServerError>>()

    /// A server for `service`'s checks and metrics on `host`:`port`.
    public init(
        host: String, port: Int, service: String, readiness: ReadinessRegistry, metrics: ArenaMetrics, logger: Logger
    ) {
        self.host = host
        self.port = port
        self.service = service
        self.readiness = readiness
        self.metrics = metrics
        self.logger = logger
    }

    /// A one-line description for logs and messages.
    public var description: String { "HealthServer(\(host):\(port))" }

    /// The port the server listens on, once it does. Throws ``HealthServerError``
    /// if it failed to start or stopped first, `CancellationError` if the caller is cancelled.
    public func listeningPort() async throws -> Int {
        try await bound.wait().get()
    }

    /// Runs until the enclosing group shuts down gracefully or is cancelled.
    public func run() async throws {
        let router = HealthRoutes.router(service: service, readiness: readiness, metrics: metrics)
        let bound = self.bound
        let logger = self.logger
        let app = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port)),
            onServerRunning: { channel in
                if let port = channel.localAddress?.port {
                    bound.resolve(.success(port))
                } else {
                    bound.resolve(.failure(.noPort))
                }
            },
            logger: logger
        )
        do {
            try await app.run()
        } catch {
            logger.error("health server failed", metadata: ["error": "\(error)", "host": "\(host)", "port": "\(port)"])
            bound.resolve(.failure(.failedToStart(reason: String(describing: error))))
            throw error
        }
        bound.resolve(.failure(.stopped))
    }
}
