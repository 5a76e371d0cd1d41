import ArenaBus
import ArenaCore
import Logging
import ServiceLifecycle

/// Publishes this process's ``Heartbeat`` on `hb.<service>` every
/// `bus.heartbeat_interval_ms`, with the state read from readiness, so that
/// peers and the reporter can tell a live service from a dead one.
public struct HeartbeatPublisher: Service, CustomStringConvertible {
    private let context: HostContext
    private let publisher: Publisher
    private let instance: String
    private let interval: Duration

    /// Heartbeats for `context`'s service through `publisher`.
    public init(context: HostContext, publisher: Publisher, interval: Duration) {
        self.context = context
        self.publisher = publisher
        self.interval = interval
        instance = String(publisher.instance, radix: 16)
    }

    public var description: String { "HeartbeatPublisher(\(Self.topic(context.service)) every \(interval))" }

    /// The topic heartbeats of `service` go to.
    public static func topic(_ service: ServiceKind) -> String { "hb.\(service.rawValue)" }

    public func run() async throws {
        let name = ServiceName(unchecked: context.service.rawValue)
        let clock = WallClock()
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let now = clock.now()
            let beat = Heartbeat(
                service: name, instance: instance, state: context.readiness.isReady ? .ready : .starting, sentAt: now,
                uptimeSeconds: Int64(now.duration(since: context.startedAt).components.seconds),
                intervalMilliseconds: Int64(interval.components.seconds * 1000 + interval.components.attoseconds / 1_000_000_000_000_000)
            )
            do {
                try publisher.publish(beat, topic: Self.topic(context.service))
            } catch {
                context.logger.warning("heartbeat not sent", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
        try? publisher.publish(
            Heartbeat(service: name, instance: instance, state: .stopping, sentAt: clock.now(), uptimeSeconds: 0, intervalMilliseconds: 0),
            topic: Self.topic(context.service)
        )
    }
}
