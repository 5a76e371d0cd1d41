import ArenaBus
import ArenaCore
import ArenaWire
import Synchronization

/// A service's publisher in a lockstep replay (`arena.lockstep`, ADR 0016): it keeps the current
/// minute's messages the reporter records (``ArenaCore/PaceTopics/recordedPrefixes``) and, each
/// time the service publishes its record-phase ``ArenaCore/PaceMark``, sends them again on
/// `record.<topic>` just before the mark. The reporter, which alone subscribes to `record.`, so
/// receives the whole minute on the same socket ahead of the mark, even when it restarted
/// during the minute and missed the first sending; it applies each message once.
public final class RecordingPublisher: MessagePublisher {
    /// A kept message, ready to be sent again.
    private typealias Resend = @Sendable (any MessagePublisher) throws(BusError) -> Void

    /// The minute being published (`current`) and the last one marked (`marked`, sent again on every repeated mark).
    private struct Minutes {
        var boundary: Timestamp?
        var marked: [Resend] = []
        var current: [Resend] = []
    }

    private let base: any MessagePublisher
    private let minutes = Mutex(Minutes())

    /// Records what `base` publishes.
    public init(_ base: any MessagePublisher) {
        self.base = base
    }

    public var instance: UInt64 { base.instance }

    public func publish<M: WireMessage>(_ message: M, topic: String, trace: String?) throws(BusError) {
        if let mark = message as? PaceMark, mark.phase == .record {
            try resend(marking: mark.through)
        } else if Self.isRecorded(topic) {
            keep([message], topic: topic, trace: trace)
        }
        try base.publish(message, topic: topic, trace: trace)
    }

    public func publish<M: WireMessage>(contentsOf messages: [M], topic: String, trace: String?) throws(BusError) {
        if Self.isRecorded(topic) { keep(messages, topic: topic, trace: trace) }
        try base.publish(contentsOf: messages, topic: topic, trace: trace)
    }

    public func close() { base.close() }

    /// Whether the reporter records what goes out on `topic`.
    static func isRecorded(_ topic: String) -> Bool {
        PaceTopics.recordedPrefixes.contains { topic.hasPrefix($0) }
    }

    private func keep<M: WireMessage>(_ messages: [M], topic: String, trace: String?) {
        let again = PaceTopics.recorded(topic)
        let resend: Resend = { publisher throws(BusError) in try publisher.publish(contentsOf: messages, topic: again, trace: trace) }
        minutes.withLock { $0.current.append(resend) }
    }

    /// Sends the minute that ends at `boundary` again: a new boundary seals what was published
    /// since the last mark; a repeated one adds what came since (a restarted peer's repeats).
    private func resend(marking boundary: Timestamp) throws(BusError) {
        let marked = minutes.withLock { minutes in
            if let last = minutes.boundary, boundary <= last {
                minutes.marked += minutes.current
            } else {
                minutes.boundary = boundary
                minutes.marked = minutes.current
            }
            minutes.current = []
            return minutes.marked
        }
        for resend in marked { try resend(base) }
    }
}
