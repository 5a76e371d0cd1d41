import ArenaCore

/// How fast a replay runs.
public enum ReplayPacing: Sendable, Equatable {
    /// No waiting: each event follows the previous at once.
    case asFastAsPossible
    /// Event gaps are kept, divided by `factor` (1 = real time, 60 = one hour per minute).
    case realTime(factor: Double)
}

/// Replays sources as one time-ordered stream and drives the arena clock.
///
/// Every event advances the ``ArenaCore/SimulatedClock`` to its event time
/// before it is handed out, so domain code reading the clock sees replayed
/// time. Batch users call ``next()`` (synchronous, no pacing); services use
/// ``events(pacing:)``, an `AsyncSequence` that can also pace on the wall clock.
public struct ReplayEngine {
    /// The arena clock the replay drives.
    public let clock: SimulatedClock
    private var merger: ReplayMerger

    /// A replay of `sources` (ties in time go to the earlier source) driving `clock`.
    public init(sources: [any ReplaySource], clock: SimulatedClock) {
        merger = ReplayMerger(sources)
        self.clock = clock
    }

    /// The next event, after moving the clock to its time; nil at the end.
    public mutating func next() throws(ReplayError) -> MarketEvent? {
        guard let event = try merger.next() else { return nil }
        clock.advance(to: event.eventTime)
        return event
    }

    /// The events as an asynchronous sequence, paced as asked.
    public consuming func events(pacing: ReplayPacing = .asFastAsPossible) -> ReplayEvents {
        ReplayEvents(engine: self, pacing: pacing)
    }
}

/// The events of a ``ReplayEngine`` as an `AsyncSequence`.
///
/// With ``ReplayPacing/realTime(factor:)`` the iterator sleeps until each
/// event's due time on the continuous clock: the first event is due at once,
/// and event `e` at `start + (e.time − first.time) / factor`. Sleeping to a
/// due time rather than for each gap keeps small sleep overshoots from
/// accumulating over a long replay. Cancelling the task ends the sequence
/// with `CancellationError`.
public struct ReplayEvents: AsyncSequence {
    public typealias Element = MarketEvent
    private let engine: ReplayEngine
    private let pacing: ReplayPacing

    init(engine: ReplayEngine, pacing: ReplayPacing) {
        self.engine = engine
        self.pacing = pacing
    }

    public func makeAsyncIterator() -> Iterator { Iterator(engine: engine, pacing: pacing) }

    /// Yields events, sleeping between them under real-time pacing.
    public struct Iterator: AsyncIteratorProtocol {
        private var engine: ReplayEngine
        private let pacing: ReplayPacing
        private var origin: (wall: ContinuousClock.Instant, event: Timestamp)?

        init(engine: ReplayEngine, pacing: ReplayPacing) {
            self.engine = engine
            self.pacing = pacing
        }

        public mutating func next() async throws -> MarketEvent? {
            try Task.checkCancellation()
            guard let event = try engine.next() else { return nil }
            if case .realTime(let factor) = pacing, factor > 0 {
                guard let origin else {
                    origin = (ContinuousClock.now, event.eventTime)
                    return event
                }
                let gap = Double(event.eventTime.nanoseconds - origin.event.nanoseconds) / factor
                let due = origin.wall.advanced(by: .nanoseconds(Int64(Swift.max(0, gap))))
                if due > ContinuousClock.now { try await Task.sleep(until: due, clock: .continuous) }
            }
            return event
        }
    }
}
