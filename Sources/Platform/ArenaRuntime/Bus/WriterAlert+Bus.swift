import ArenaCore
import ArenaStore

extension WriterAlert {
    /// The writer's health event as a bus alert from `source`.
    public func alert(source: ServiceName, time: Timestamp) -> Alert {
        let (kind, severity): (String, AlertSeverity) = switch self {
        case .outageStarted: ("store_outage", .critical)
        case .outageEnded: ("store_recovered", .info)
        case .bufferFull: ("store_buffer_full", .critical)
        case .bufferAvailable: ("store_buffer_available", .info)
        case .rowsDropped: ("store_rows_dropped", .error)
        case .rowsRejected: ("store_rows_rejected", .error)
        case .rowsAbandoned: ("store_rows_abandoned", .error)
        }
        return Alert(
            id: "\(kind)-\(writer)-\(time.nanoseconds)", severity: severity, kind: kind, source: source,
            title: "\(writer): \(kind.replacingOccurrences(of: "_", with: " "))", message: description,
            fields: ["writer": writer], time: time
        )
    }
}
