import ArenaWire

/// Messages missing from one topic of one publisher (or, from a protocol 1.0
/// publisher, from its whole stream), detected by sequence numbers.
public struct SequenceGap: Sendable, Hashable, CustomStringConvertible {
    /// The publishing service.
    public var source: String
    /// The publisher's instance id.
    public var instance: UInt64
    /// The topic the messages were lost from; nil when the publisher numbers
    /// its whole stream (protocol 1.0).
    public var topic: String?
    /// The sequence number that should have come next.
    public var expected: UInt64
    /// The sequence number that came instead.
    public var received: UInt64

    /// A gap.
    public init(source: String, instance: UInt64, topic: String? = nil, expected: UInt64, received: UInt64) {
        self.source = source
        self.instance = instance
        self.topic = topic
        self.expected = expected
        self.received = received
    }

    /// How many messages were lost.
    public var missing: UInt64 { received - expected }

    /// `"<source>/<instance> <topic>: expected N, received M (K missing)"`.
    public var description: String {
        let stream = topic.map { " \($0)" } ?? ""
        return "\(source)/\(String(instance, radix: 16))\(stream): expected \(expected), received \(received) (\(missing) missing)"
    }
}

/// Follows the last sequence number per stream to classify each arriving
/// message. A stream is (source, instance, topic) for publishers that number
/// each topic (protocol 1.1), and (source, instance) for those that number
/// their whole output (1.0).
///
/// The first message of a stream is not a gap (a subscriber joins
/// mid-stream, or subscribes to a new prefix); a new instance of a source
/// already seen is a restart (or a second publisher with the same name), not
/// a gap. The table is bounded: past `capacity` streams the least recently
/// heard one is forgotten, so a peer inventing instance ids or topics cannot
/// grow it without limit.
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
        var topic: String?
    }

    private struct Entry {
        var sequence: UInt64
        var lastHeard: UInt64
    }

    private var entries: [Key: Entry] = [:]
    /// Streams known per source; any means a new instance is a restart.
    private var streamsPerSource: [String: Int] = [:]
    /// Instances known per source, to tell a restart from a new topic of a known instance.
    private var knownInstances: [String: Set<UInt64>] = [:]
    private var tick: UInt64 = 0
    let capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = max(capacity, 1)
    }

    /// Classifies the message with `metadata` received on `topic`.
    mutating func observe(_ metadata: EnvelopeMetadata, topic: String) -> Observation {
        if let topicSequence = metadata.topicSequence {
            return observe(source: metadata.source, instance: metadata.id.instance, topic: topic, sequence: topicSequence)
        }
        return observe(source: metadata.source, instance: metadata.id.instance, topic: nil, sequence: metadata.id.sequence)
    }

    /// Classifies message `sequence` of the stream (`source`, `instance`, `topic`).
    mutating func observe(source: String, instance: UInt64, topic: String?, sequence: UInt64) -> Observation {
        tick &+= 1
        // Fast path: the same stream as last time (bursts on one topic), with
        // no hashing; the table is brought up to date when it changes.
        if let c = current, c.key.instance == instance, c.key.topic == topic, c.key.source == source {
            var entry = c.entry
            let result = advance(&entry, key: c.key, sequence: sequence)
            current = (c.key, entry)
            return result
        }
        flushCurrent()
        let key = Key(source: source, instance: instance, topic: topic)
        guard var entry = entries[key] else {
            let restart = streamsPerSource[source, default: 0] > 0 && !(knownInstances[source]?.contains(instance) ?? false)
            if entries.count >= capacity { evictOldest() }
            let fresh = Entry(sequence: sequence, lastHeard: tick)
            entries[key] = fresh
            streamsPerSource[source, default: 0] += 1
            knownInstances[source, default: []].insert(instance)
            current = (key, fresh)
            return restart ? .restart : .first
        }
        let result = advance(&entry, key: key, sequence: sequence)
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

    private func advance(_ entry: inout Entry, key: Key, sequence: UInt64) -> Observation {
        entry.lastHeard = tick
        if sequence <= entry.sequence { return .stale(last: entry.sequence) }
        let expected = entry.sequence &+ 1
        entry.sequence = sequence
        guard sequence == expected else {
            return .gap(SequenceGap(source: key.source, instance: key.instance, topic: key.topic, expected: expected, received: sequence))
        }
        return .inOrder
    }

    private mutating func evictOldest() {
        flushCurrent()
        guard let oldest = entries.min(by: { $0.value.lastHeard < $1.value.lastHeard })?.key else { return }
        entries[oldest] = nil
        streamsPerSource[oldest.source, default: 1] -= 1
        if streamsPerSource[oldest.source] == 0 {
            streamsPerSource[oldest.source] = nil
            knownInstances[oldest.source] = nil
        } else if !entries.keys.contains(where: { $0.source == oldest.source && $0.instance == oldest.instance }) {
            knownInstances[oldest.source]?.remove(oldest.instance)
        }
    }
}
