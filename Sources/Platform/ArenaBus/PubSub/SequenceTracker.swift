import ArenaWire

/// Messages missing from one publisher's stream, detected by its sequence numbers.
public struct SequenceGap: Sendable, Hashable, CustomStringConvertible {
    /// The publishing service.
    public var source: String
    /// The publisher's instance id.
    public var instance: UInt64
    /// The sequence number that should have come next.
    public var expected: UInt64
    /// The sequence number that came instead.
    public var received: UInt64

    /// A gap.
    public init(source: String, instance: UInt64, expected: UInt64, received: UInt64) {
        self.source = source
        self.instance = instance
        self.expected = expected
        self.received = received
    }

    /// How many messages were lost.
    public var missing: UInt64 { received - expected }

    /// `"<source>/<instance>: expected N, received M (K missing)"`.
    public var description: String {
        "\(source)/\(String(instance, radix: 16)): expected \(expected), received \(received) (\(missing) missing)"
    }
}

/// Follows the last sequence number per (source, instance) to classify each
/// arriving message.
///
/// The first message of an instance is not a gap (a subscriber joins
/// mid-stream); a new instance of a source already seen is a restart (or a
/// second publisher with the same name), not a gap. The table is bounded:
/// past `capacity` instances the least recently heard one is forgotten, so
/// a peer inventing instance ids cannot grow it without limit.
struct SequenceTracker {
    enum Observation: Equatable {
        /// First message of the first instance seen for this source.
        case first
        /// The next number in sequence.
        case inOrder
        /// Messages were lost before this one.
        case gap(SequenceGap)
        /// A new instance of a source already seen.
        case restart
        /// A number at or below the last one (duplicate or reordered).
        case stale(last: UInt64)
    }

    private struct Key: Hashable {
        var source: String
        var instance: UInt64
    }

    private struct Entry {
        var sequence: UInt64
        var lastHeard: UInt64
    }

    private var entries: [Key: Entry] = [:]
    private var instancesPerSource: [String: Int] = [:]
    private var tick: UInt64 = 0
    let capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = max(capacity, 1)
    }

    mutating func observe(source: String, id: MessageID) -> Observation {
        tick &+= 1
        // Fast path: the same publisher as last time (nearly every message),
        // with no hashing; the table is brought up to date when it changes.
        if let c = current, c.key.instance == id.instance, c.key.source == source {
            var entry = c.entry
            let result = advance(&entry, source: source, id: id)
            current = (c.key, entry)
            return result
        }
        flushCurrent()
        let key = Key(source: source, instance: id.instance)
        guard var entry = entries[key] else {
            let known = instancesPerSource[source, default: 0] > 0
            if entries.count >= capacity { evictOldest() }
            let fresh = Entry(sequence: id.sequence, lastHeard: tick)
            entries[key] = fresh
            instancesPerSource[source, default: 0] += 1
            current = (key, fresh)
            return known ? .restart : .first
        }
        let result = advance(&entry, source: source, id: id)
        current = (key, entry)
        return result
    }

    /// The publisher most recently heard; its table entry may be behind until ``flushCurrent()``.
    private var current: (key: Key, entry: Entry)?

    private mutating func flushCurrent() {
        guard let c = current else { return }
        entries[c.key] = c.entry
        current = nil
    }

    private func advance(_ entry: inout Entry, source: String, id: MessageID) -> Observation {
        entry.lastHeard = tick
        if id.sequence <= entry.sequence { return .stale(last: entry.sequence) }
        let expected = entry.sequence &+ 1
        entry.sequence = id.sequence
        guard id.sequence == expected else {
            return .gap(SequenceGap(source: source, instance: id.instance, expected: expected, received: id.sequence))
        }
        return .inOrder
    }

    private mutating func evictOldest() {
        flushCurrent()
        guard let oldest = entries.min(by: { $0.value.lastHeard < $1.value.lastHeard })?.key else { return }
        entries[oldest] = nil
        instancesPerSource[oldest.source, default: 1] -= 1
        if instancesPerSource[oldest.source] == 0 { instancesPerSource[oldest.source] = nil }
    }
}
