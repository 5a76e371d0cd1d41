import ArenaBus
import ArenaCore
import Logging
import ServiceLifecycle

/// Publishes this process's ``Heartbeat`` on `hb.<service>` every
/// `bus.heartbeat_interval_ms`, with the state read from readiness, so that
/// peers and the reporter can tell a live service from a dead one.
public struct HeartbeatPublisher: Service, CustomStringConvertible {
    private let context: HostContext
    private let publisher: any MessagePublisher
    private let instance: String
    private let interval: Duration

    /// Heartbeats for `context`'s service through `publisher`.
    public init(context: HostContext, publisher: any MessagePublisher, interval: Duration) {
        self.context = context
        self.publisher = publisher
        self.interval = interval
        instance = String(publisher.instance, radix: 16)
    }

    public var description: String { "HeartbeatPublisher(\(Self.topic(context.service)) every \(interval))" }

    /// The topic heartbeats of `service` go to.
    public static func topic(_ service: ServiceKind) -> String { "hb.\(service.rawValue)" }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try publisher.publish(beat(context.serviceState), topic: Self.topic(context.service))
            } catch {
                context.logger.warning("heartbeat not sent", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
        // A last beat so peers see a clean stop rather than missed heartbeats.
        try? publisher.publish(beat(.stopping), topic: Self.topic(context.service))
    }

    private func beat(_ state: ServiceState) -> Heartbeat {
        let now = WallClock().now()
        // CPU and memory ride along, so the reporter's services page needs no scrape of every service.
        let stats = try? ProcessStats.current()
        return Heartbeat(
            service: ServiceName(unchecked: context.service.rawValue), instance: instance, state: state, sentAt: now,
            uptimeSeconds: now.duration(since: context.startedAt).components.seconds,
            intervalMilliseconds: Int64(interval / .milliseconds(1)), cpuSeconds: stats?.cpuSeconds,
            residentMemoryBytes: stats.map { Int64($0.residentMemoryBytes) }
        )
    }
}

extension HostContext {
    /// The state heartbeats and status replies report: ready once every readiness check passes.
    var serviceState: ServiceState { readiness.isReady ? .ready : .starting }
}
