/// A venue's "send nothing before …" after a rate-limit answer: while it lasts the client refuses
/// locally, so the venue never sees a request it told us not to send. Pure: the time is a parameter.
public struct SendingPause: Sendable, Hashable {
    /// Nothing may be sent before this instant.
    public private(set) var until: ContinuousClock.Instant?

    public init() {}

    /// Pauses sending for `duration` from `now` (a longer pause already in force is kept).
    public mutating func pause(for duration: Duration, now: ContinuousClock.Instant) {
        let end = now.advanced(by: duration)
        until = Swift.max(until ?? end, end)
    }

    /// How long sending is still refused at `now`; nil when a request may go.
    public mutating func remaining(now: ContinuousClock.Instant) -> Duration? {
        guard let end = until else { return nil }
        if now >= end {
            until = nil
            return nil
        }
        return end - now
    }
}
