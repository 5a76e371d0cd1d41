import ArenaCore

/// The alerts the alerter raises itself: services down and back, deliveries that failed for
/// good, destinations disabled, and alerts lost on the bus.
public struct AlerterAlerts: Sendable {
    /// Who raises them (the alerter's service name).
    public let source: ServiceName

    /// Alerts from `source`.
    public init(source: ServiceName) { self.source = source }

    /// A heartbeat watch's event as an alert.
    public func alert(for event: HeartbeatWatch.Event, at time: Timestamp) -> Alert {
        let stamp = time.milliseconds
        switch event {
        case let .down(service, silent, lastState):
            let heard = lastState.map { "no heartbeat for \(seconds(silent)); it was \($0.rawValue)" } ?? "never heard from in \(seconds(silent)) since the alerter started"
            return make(
                "\(AlertKinds.serviceDown)-\(service)-\(stamp)", .critical, AlertKinds.serviceDown, "\(service) is down", heard,
                ["service": service, "silent_ms": "\(silent)"], time
            )
        case let .recovered(service, down):
            return make(
                "\(AlertKinds.serviceRecovered)-\(service)-\(stamp)", .info, AlertKinds.serviceRecovered, "\(service) is back",
                "heartbeats again after \(seconds(down)) down", ["service": service, "down_ms": "\(down)"], time
            )
        case let .restarted(service, previous, current):
            return make(
                "\(AlertKinds.serviceRestarted)-\(service)-\(current)", .warning, AlertKinds.serviceRestarted, "\(service) restarted",
                "instance \(previous) was replaced by \(current)", ["service": service, "instance": current], time
            )
        case let .stopped(service):
            return make(
                "service_stopped-\(service)-\(stamp)", .info, "service_stopped", "\(service) stopped", "it announced a clean stop",
                ["service": service], time
            )
        }
    }

    /// A delivery of `alert` to `destination` that failed for good.
    public func deliveryFailed(_ alert: Alert, destination: String, reason: String, attempts: Int, at time: Timestamp) -> Alert {
        make(
            "\(AlertKinds.deliveryFailed)-\(destination)-\(alert.id)", .error, AlertKinds.deliveryFailed,
            "Alert not delivered to \(destination)", "\"\(alert.title)\" (\(alert.severity.rawValue), \(alert.kind)) failed after \(attempts) attempts: \(reason)",
            ["destination": destination, "alert_id": alert.id, "alert_kind": alert.kind], time
        )
    }

    /// A destination that refused the alerter for good and is no longer used.
    public func destinationDisabled(_ destination: String, reason: String, pending: Int, at time: Timestamp) -> Alert {
        make(
            "\(AlertKinds.destinationDisabled)-\(destination)-\(time.milliseconds)", .critical, AlertKinds.destinationDisabled,
            "Alert destination \(destination) disabled", "\(reason); \(pending) alerts due there are not sent; fix its configuration and restart the alerter",
            ["destination": destination, "undelivered": "\(pending)"], time
        )
    }

    /// Alerts a publisher sent that never arrived (a sequence gap on `alert.*`).
    public func alertsMissed(publisher: String, topic: String?, count: UInt64, at time: Timestamp) -> Alert {
        make(
            "\(AlertKinds.alertsMissed)-\(publisher)-\(time.milliseconds)", .error, AlertKinds.alertsMissed,
            "\(count) alerts from \(publisher) lost on the bus", "sequence gap on \(topic ?? "alert.*"): see \(publisher)'s log for what they were",
            ["publisher": publisher, "missed": "\(count)"], time
        )
    }

    private func make(
        _ id: String, _ severity: AlertSeverity, _ kind: String, _ title: String, _ message: String, _ fields: [String: String], _ time: Timestamp
    ) -> Alert {
        Alert(id: id, severity: severity, kind: kind, source: source, title: title, message: message, fields: fields, time: time)
    }

    private func seconds(_ milliseconds: Int64) -> String {
        milliseconds >= 10_000 ? "\(milliseconds / 1_000) s" : "\(Double(milliseconds / 100) / 10) s"
    }
}
