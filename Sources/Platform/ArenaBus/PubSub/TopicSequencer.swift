/// Numbers a publisher's messages 1, 2, 3, … per topic (protocol 1.1), so a
/// subscriber to a prefix detects gaps in exactly the topics it receives.
///
/// Consecutive messages mostly share a topic (a burst of trades on one
/// symbol), so the topic last numbered is kept aside and its counter bumped
/// without hashing; the table is brought up to date when the topic changes.
/// Not thread-safe: the owner calls it under the lock that orders its sends.
struct TopicSequencer {
    private var counters: [String: UInt64] = [:]
    private var lastTopic = ""
    private var lastCount: UInt64 = 0

    /// The next sequence number of `topic`.
    mutating func next(_ topic: String) -> UInt64 {
        if topic != lastTopic {
            if lastCount > 0 { counters[lastTopic] = lastCount }
            lastTopic = topic
            lastCount = counters[topic] ?? 0
        }
        lastCount &+= 1
        return lastCount
    }

    /// The first of the next `count` sequence numbers of `topic` (`count` ≥ 1).
    mutating func next(_ topic: String, count: Int) -> UInt64 {
        let first = next(topic)
        lastCount &+= UInt64(count - 1)
        return first
    }

    /// Spends `count` numbers of `topic` without sending (tests make real gaps this way).
    mutating func skip(_ topic: String, _ count: UInt64) {
        for _ in 0..<count { _ = next(topic) }
    }
}
