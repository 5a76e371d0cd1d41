import ArenaBus
import ArenaCore
import ArenaWire
import Logging
import ServiceLifecycle

/// Answers ``ControlRequest``s on the service's REP endpoint: today `STATUS`,
/// the service's identity, state, uptime and counters.
public struct ControlResponder: Service, CustomStringConvertible {
    private let server: any RequestServer
    private let address: String

    /// Binds the control endpoint of `context`'s service at `address` on
    /// `transport`; `counters` is read per request. `routes` adds the
    /// service's own requests (the gateway's history queries) on the same endpoint.
    public init(
        context: HostContext, transport: any BusTransport, bind address: String, instance: String,
        counters: @escaping @Sendable () -> [String: Int64] = { [:] }, routes: RequestRouter = RequestRouter()
    ) throws(BusError) {
        let name = context.service.busName
        var router = routes
        router.on(ControlRequest.self) { request, _ in
            switch request.command {
            case .status:
                return ServiceStatus(
                    service: name, instance: instance, state: context.serviceState,
                    version: ArenaVersion.current, startedAt: context.startedAt, now: WallClock().now(), counters: counters()
                )
            }
        }
        server = try transport.replier(service: name, bind: address, handler: router.handler)
        self.address = address
    }

    public var description: String { "ControlResponder(\(address))" }

    public func run() async throws {
        try? await gracefulShutdown()
        await server.close()
    }
}

/// The version of this build, reported in status replies.
public enum ArenaVersion {
    public static let current = "0.1.0"
}
