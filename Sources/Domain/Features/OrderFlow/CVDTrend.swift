import ArenaCore

/// Slope and acceleration of the 30-minute CVD, from minute samples.
///
/// `C(m)` is the 30-minute CVD (base units) over the 1,800 seconds ending
/// with minute `m`'s last second, sampled as the clock leaves that minute.
/// With `k` = ``lag`` minutes (5):
///
/// - slope `S(m) = (C(m) − C(m−k)) / k`, base units per minute;
/// - acceleration `A(m) = (S(m) − S(m−k)) / k = (C(m) − 2C(m−k) + C(m−2k)) / k²`,
///   base units per minute².
///
/// Divisions are exact decimals rounded half-even to 12 places. A sample is
/// *complete* only if the book observed its whole 30-minute window; slope
/// needs complete `C(m)`, `C(m−k)` and acceleration also `C(m−2k)`, so
/// neither exists before 30 + k (resp. 30 + 2k) minutes of history and the
/// first frames after start never show a slope made from partial windows.
public struct CVDTrend: Sendable {
    /// One minute's sample.
    public struct Sample: Sendable, Hashable {
        /// The minute index (seconds since the epoch / 60).
        public var minute: Int64
        /// `C(m)`.
        public var cvd: FixedDecimal
        /// Whether the book observed the sample's whole window.
        public var complete: Bool
    }

    /// Minutes between the samples a slope compares.
    public let lag: Int
    private var samples: RingBuffer<Sample>

    /// A trend over samples `lag` (≥ 1) minutes apart.
    public init(lag: Int = 5) {
        precondition(lag >= 1)
        self.lag = lag
        samples = RingBuffer(capacity: 2 * lag + 1)
    }

    /// Records `C(minute)`. Minutes must follow each other; a jump (never
    /// made by the book, which records every minute) restarts the history.
    public mutating func record(minute: Int64, cvd: FixedDecimal, complete: Bool) {
        if let last = samples.newest, last.minute + 1 != minute { samples = RingBuffer(capacity: samples.capacity) }
        samples.push(Sample(minute: minute, cvd: cvd, complete: complete))
    }

    /// The newest sample, if any.
    public var latest: Sample? { samples.newest }

    /// `C` at `back` minutes before the newest sample, if held and complete.
    private func cvd(back: Int) -> FixedDecimal? {
        let i = samples.count - 1 - back
        guard i >= 0, samples[i].complete else { return nil }
        return samples[i].cvd
    }

    /// `S(m)` for the newest sample `m`; nil until enough complete samples.
    public var slope: FixedDecimal? { slope(back: 0) }

    private func slope(back: Int) -> FixedDecimal? {
        guard let now = cvd(back: back), let then = cvd(back: back + lag) else { return nil }
        return try? (now - then).divided(by: FixedDecimal(lag))
    }

    /// `A(m)` for the newest sample `m`; nil until enough complete samples.
    public var acceleration: FixedDecimal? {
        guard let c0 = cvd(back: 0), let c1 = cvd(back: lag), let c2 = cvd(back: 2 * lag) else { return nil }
        return try? (c0 - c1 - c1 + c2).divided(by: FixedDecimal(lag * lag))
    }
}
