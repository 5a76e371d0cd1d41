import ArenaCore

/// Collapses repeats of an alert within a window (spec §9), so a flapping feed sends one
/// alert and one "×N" summary rather than a hundred messages.
///
/// Alerts repeat when they have the same ``key(of:)``: kind, source, model, symbol and title
/// (the message may differ: it carries the changing numbers). The first of a window (the
/// leader) is sent at once; later ones within the window are counted, not sent; when the
/// window closes, a summary alert (``Digest``) says how many there were and shows the last.
/// Times are the alerter's own receive times, in milliseconds.
public struct Deduplicator: Sendable {
    /// How long after a leader its repeats collapse into it.
    public let windowMilliseconds: Int64
    private var open: [String: Window] = [:]

    /// A leader's open window.
    struct Window: Sendable {
        var leader: Alert
        var openedAt: Int64
        var repeats: [Alert]
    }

    /// What to do with an alert.
    public enum Admission: Sendable, Equatable {
        /// Send it: it opens a window.
        case lead
        /// Do not send it: it repeats `leader`, which has now been repeated `count` times.
        case repeats(leader: String, count: Int)
    }

    /// A deduplicator; a window of 0 sends every alert.
    public init(windowMilliseconds: Int64) {
        self.windowMilliseconds = windowMilliseconds
    }

    /// The key alerts repeat under.
    public static func key(of alert: Alert) -> String {
        [alert.kind, alert.source.value, alert.model?.value ?? "", alert.symbol?.value ?? "", alert.title].joined(separator: "\u{1F}")
    }

    /// Decides on `alert`, received at `now`. Windows that have closed by `now` must have been
    /// taken with ``close(at:)`` first, so that a repeat after the window leads a new one.
    public mutating func admit(_ alert: Alert, at now: Int64) -> Admission {
        let admission = admission(for: alert, at: now)
        guard windowMilliseconds > 0 else { return admission }
        let key = Self.key(of: alert)
        switch admission {
        case .lead: open[key] = Window(leader: alert, openedAt: now, repeats: [])
        case .repeats: open[key]?.repeats.append(alert)
        }
        return admission
    }

    /// What ``admit(_:at:)`` would decide, without recording it (so that an alert the store
    /// already has, a redelivery, changes nothing).
    public func admission(for alert: Alert, at now: Int64) -> Admission {
        guard windowMilliseconds > 0, let window = open[Self.key(of: alert)], now < window.openedAt + windowMilliseconds else { return .lead }
        return .repeats(leader: window.leader.id, count: window.repeats.count + 1)
    }

    /// Closes the windows that end by `now`, returning a summary for each that collapsed repeats.
    public mutating func close(at now: Int64) -> [Digest] {
        var digests: [Digest] = []
        for (key, window) in open where now >= window.openedAt + windowMilliseconds {
            open[key] = nil
            if !window.repeats.isEmpty { digests.append(Digest(leader: window.leader, repeats: window.repeats, windowMilliseconds: windowMilliseconds)) }
        }
        return digests.sorted { $0.leader.id < $1.leader.id }
    }

    /// Re-opens a leader's window after a restart, with the repeats already recorded.
    public mutating func restore(leader: Alert, openedAt: Int64, repeats: [Alert]) {
        guard windowMilliseconds > 0 else { return }
        open[Self.key(of: leader)] = Window(leader: leader, openedAt: openedAt, repeats: repeats)
    }
}

/// The summary of a window's repeats: sent as an alert of its own.
public struct Digest: Sendable, Equatable {
    /// The alert that was sent.
    public var leader: Alert
    /// The ones that were not, in order.
    public var repeats: [Alert]
    /// The window's length.
    public var windowMilliseconds: Int64

    /// The id of the summary: the leader's, marked.
    public static func id(of leaderID: String) -> String { "\(leaderID)#repeats" }

    /// The summary as an alert: the leader's kind, source, model and symbol; the title with
    /// "×N" (N counting the leader); the worst severity; the last repeat's message and fields.
    public var alert: Alert {
        let last = repeats.last ?? leader
        let total = repeats.count + 1
        var fields = last.fields
        fields["repeats"] = "\(total)"
        fields["first_id"] = leader.id
        fields["last_id"] = last.id
        let window = windowMilliseconds % 60_000 == 0 ? "\(windowMilliseconds / 60_000) min" : "\(windowMilliseconds / 1_000) s"
        return Alert(
            id: Self.id(of: leader.id), severity: repeats.map(\.severity).reduce(leader.severity, max), kind: leader.kind,
            source: leader.source, title: "\(leader.title) ×\(total)",
            message: "\(total) times within \(window), from \(leader.time) to \(last.time); the last: \(last.message)",
            symbol: leader.symbol, model: leader.model, fields: fields, time: last.time
        )
    }
}
