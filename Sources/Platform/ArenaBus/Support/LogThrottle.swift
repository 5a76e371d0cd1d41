/// Decides which occurrences of a repeated problem are logged: the first
/// `burst`, then one in every `every`, so a peer spewing garbage frames
/// cannot flood the logs while counters still see every occurrence.
struct LogThrottle: Sendable {
    private let burst: Int
    private let every: Int
    private var occurrences = 0

    init(burst: Int = 10, every: Int = 1000) {
        self.burst = burst
        self.every = max(every, 1)
    }

    /// Records one occurrence; returns its number when it should be logged.
    mutating func record() -> Int? {
        occurrences &+= 1
        return occurrences <= burst || occurrences % every == 0 ? occurrences : nil
    }
}
