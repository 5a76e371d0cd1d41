import ArenaBus
import ArenaCore
import ArenaWire
import Logging
import ServiceLifecycle

/// Answers ``ControlRequest``s on the service's REP endpoint: today `STATUS`,
/// the service's identity, state, uptime and counters.
public struct ControlResponder: Service, CustomStringConvertible {
    private let replier: Replier

    /// Binds the control endpoint of `context`'s service; `counters` is read per
    /// request. `routes` adds the service's own requests (the gateway's history
    /// queries) on the same endpoint.
    public init(
        context: HostContext, bind endpoints: [String], options: Replier.Options, instance: String,
        counters: @escaping @Sendable () -> [String: Int64] = { [:] }, routes: RequestRouter = RequestRouter()
    ) throws(BusError) {
        let name = ServiceName(unchecked: context.service.rawValue)
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
        replier = try Replier(service: name, bind: endpoints, options: options, handler: router.handler)
    }

    /// The endpoints actually bound (with `*` ports resolved).
    public var endpoints: [String] { replier.endpoints }

    public var description: String { "ControlResponder(\(endpoints.joined(separator: ", ")))" }

    public func run() async throws {
        try? await gracefulShutdown()
        await replier.close()
    }
}

/// The version of this build, reported in status replies.
public enum ArenaVersion {
    public static let current = "0.1.0"
}
