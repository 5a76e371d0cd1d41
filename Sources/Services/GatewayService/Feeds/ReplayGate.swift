import ArenaBus
import ArenaCore
import ArenaRuntime
import Logging

/// Holds a replay back until the services it feeds are ready
/// (`market.replay.wait_for`): each must publish a heartbeat saying `READY`.
///
/// The feature engine says so once it is warm and has seen the gateway's
/// stream, so when the replay starts every event reaches it; over ZeroMQ,
/// where a subscription takes effect some time after connecting, that is
/// what makes a replay through separate processes lose nothing and decide
/// the same as one in a single process.
public struct ReplayGate: Sendable {
    private let waits: [(service: ServiceKind, heartbeats: TypedSubscription<Heartbeat>)]

    /// A gate on the heartbeats of `services`, read through `environment`.
    init(services: [ServiceKind], environment: ServiceEnvironment) throws {
        waits = try services.enumerated().map { index, service throws in
            do {
                return (service, try environment.subscribe(to: service, Heartbeat.self, topics: [HeartbeatPublisher.topic(service)], bufferCapacity: 64))
            } catch let error as ConfigError {
                throw ConfigError.invalid(
                    key: "market.replay.wait_for[\(index)]", value: service.rawValue, reason: "no PUB socket to hear its heartbeats: \(error)"
                )
            }
        }
    }

    /// Returns once every service has said it is ready (logging what it still
    /// waits for every ten heartbeats); throws `CancellationError` if stopped first.
    func open(logger: Logger) async throws {
        for (service, heartbeats) in waits {
            logger.notice("replay waits for a service to be ready", metadata: ["service": "\(service)"])
            var seen = 0
            for await beat in heartbeats.messages {
                if beat.value.state == .ready { break }
                seen += 1
                if seen % 10 == 0 { logger.notice("still waiting for a service", metadata: ["service": "\(service)", "state": "\(beat.value.state)"]) }
            }
            await heartbeats.close()
            try Task.checkCancellation()
            logger.notice("service ready; replay may start", metadata: ["service": "\(service)"])
        }
    }
}
