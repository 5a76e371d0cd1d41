import ArenaBus
import ArenaCore
import ArenaWire
import Logging

/// What a service publishes, with the failures logged rather than thrown: a
/// stream whose publisher is closing has nowhere to go, and the record that
/// matters is already in the service's store.
public struct ServiceOutputs: Sendable {
    public let publisher: any MessagePublisher
    public let service: ServiceName
    public let logger: Logger

    public init(publisher: any MessagePublisher, service: ServiceName, logger: Logger) {
        self.publisher = publisher
        self.service = service
        self.logger = logger
    }

    /// Publishes `message` on `topic`.
    public func send<M: WireMessage>(_ message: M, topic: String) {
        do { try publisher.publish(message, topic: topic) } catch {
            logger.warning("could not publish", metadata: ["topic": "\(topic)", "type": "\(M.wireType.name)", "error": "\(error)"])
        }
    }

    /// Logs `alert` at its severity and publishes it on `alert.<kind>`.
    public func alert(_ alert: Alert) {
        let level: Logger.Level = alert.severity >= .error ? .error : alert.severity == .warning ? .warning : .info
        var metadata: Logger.Metadata = ["kind": "\(alert.kind)", "detail": "\(alert.message)"]
        if let model = alert.model { metadata["model"] = "\(model)" }
        logger.log(level: level, "\(alert.title)", metadata: metadata)
        send(alert, topic: MarketTopics.alert(alert.kind))
    }

    /// Publishes that this service is done with `phase` of market time up to `boundary` (a lockstep replay, ADR 0016).
    public func paceMark(through boundary: Timestamp, phase: PacePhase) {
        send(PaceMark(service: service, through: boundary, phase: phase), topic: PaceTopics.mark(service.value))
    }
}
