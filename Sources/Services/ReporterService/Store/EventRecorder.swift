import ArenaCore
import ArenaStore
import Foundation
import Logging

extension AuditKind {
    /// A funding payment booked to a model.
    public static let funding = AuditKind(rawValue: "funding")
    /// A change of a trading state (by a rule or an operator).
    public static let tradingState = AuditKind(rawValue: "trading_state")
}

/// One event as the reporter records it: the audit-log entry (kind, ref, canonical JSON body) and
/// what indexes it.
public struct RecordedEvent: Sendable, Hashable {
    public var entry: AuditEntry
    public var model: String
    public var decisionID: String?
    public var marketTime: Timestamp

    /// The record of `event`, or nil for what is not recorded (bars, accounts, heartbeats and
    /// alerts: they are kept as NAV points, metrics and the alerter's own log instead).
    static func of(_ event: ReporterEvent, decisionOf: (ClientOrderID) -> String?) throws -> RecordedEvent? {
        switch event {
        case .decision(let d):
            return try make(.decision, ref: d.decisionID, d, model: d.modelID.value, decision: d.decisionID, time: d.tick)
        case .verdict(let v):
            return try make(.verdict, ref: v.decisionID, v, model: v.modelID.value, decision: v.decisionID, time: v.tick)
        case .order(let o):
            return try make(
                .orderEvent, ref: "\(o.order.clientOrderID)#\(o.sequence)", o, model: o.order.modelID.value, decision: o.order.source, time: o.time
            )
        case .fill(let f):
            return try make(.fill, ref: f.fillID, f, model: f.modelID.value, decision: decisionOf(f.clientOrderID), time: f.time)
        case .funding(let p):
            return try make(.funding, ref: "\(p.modelID)@\(p.symbol)@\(p.time.nanoseconds)", p, model: p.modelID.value, decision: nil, time: p.time)
        case .tradingState(let s):
            let scope = s.modelID?.value ?? "arena"
            return try make(.tradingState, ref: "\(scope)@\(s.time.nanoseconds)#\(s.to.rawValue)", s, model: scope, decision: nil, time: s.time)
        case .bar, .account, .heartbeat, .alert:
            return nil
        }
    }

    static func make(_ kind: AuditKind, ref: String, _ value: some Encodable, model: String, decision: String?, time: Timestamp) throws -> RecordedEvent {
        RecordedEvent(entry: AuditEntry(kind: kind, ref: ref, body: try CanonicalJSON.encode(value)), model: model, decisionID: decision, marketTime: time)
    }
}

/// Sorted keys and no whitespace: the same value always gives the same bytes, so a repeated event
/// is recognised by the audit log as the same fact.
public enum CanonicalJSON {
    public static func encode(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }
}
