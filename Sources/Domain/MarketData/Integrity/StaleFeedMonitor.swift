import ArenaCore

/// Notices streams that have gone quiet: no event for longer than a threshold
/// (spec §3: 30 s) is a stale feed, reported once when it goes stale and once
/// when data flows again.
///
/// Time is given by the caller (the live clock, or the replay's simulated
/// clock), so the same monitor works live and in tests without waiting.
public struct StaleFeedMonitor<Key: Hashable & Sendable>: Sendable {
    /// A change in a stream's freshness.
    public enum Transition: Sendable, Hashable {
        /// `key` has had no event since `lastEvent`, for `silence` at the time of the check.
        case stale(key: Key, lastEvent: Timestamp, silence: Duration)
        /// `key` delivered again after being stale for `silence`.
        case recovered(key: Key, silence: Duration)
    }

    /// How long a stream may be silent before it is stale.
    public let threshold: Duration
    private var lastSeen: [Key: Timestamp] = [:]
    private var staleSince: [Key: Timestamp] = [:]

    /// A monitor that calls a stream stale after `threshold` without events.
    public init(threshold: Duration = .seconds(30)) { self.threshold = threshold }

    /// Starts watching `key` from `time`, before its first event arrives (a
    /// stream that never delivers must also turn stale).
    public mutating func watch(_ key: Key, from time: Timestamp) {
        if lastSeen[key] == nil { lastSeen[key] = time }
    }

    /// Records an event on `key` at `time`; returns the recovery when the stream was stale.
    public mutating func record(_ key: Key, at time: Timestamp) -> Transition? {
        if let last = lastSeen[key], time < last { return nil }
        lastSeen[key] = time
        guard let since = staleSince.removeValue(forKey: key) else { return nil }
        return .recovered(key: key, silence: time.duration(since: since))
    }

    /// The streams that turned stale by `now` (each reported once per silence).
    public mutating func check(now: Timestamp) -> [Transition] {
        var found: [Transition] = []
        for (key, last) in lastSeen where staleSince[key] == nil {
            let silence = now.duration(since: last)
            if silence > threshold {
                staleSince[key] = last
                found.append(.stale(key: key, lastEvent: last, silence: silence))
            }
        }
        return found
    }

    /// Whether `key` is stale right now (as of the last check).
    public func isStale(_ key: Key) -> Bool { staleSince[key] != nil }
}
