import ArenaCore

/// A message's identity: the sending socket's random instance id and its
/// sequence number. Unique without coordination, and the sequence lets a
/// subscriber detect gaps per publisher.
public struct MessageID: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Random per sending socket (publisher, requester, worker), fixed for its life.
    public var instance: UInt64
    /// 1, 2, 3, … per instance.
    public var sequence: UInt64

    public init(instance: UInt64, sequence: UInt64) {
        self.instance = instance
        self.sequence = sequence
    }

    public var description: String {
        let hex = String(instance, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex + "-\(sequence)"
    }
}

/// The metadata block of an envelope.
public struct EnvelopeMetadata: Sendable, Hashable, Codable {
    /// This message's id.
    public var id: MessageID
    /// For replies and results: the id of the request they answer.
    public var correlation: MessageID?
    /// The sending service.
    public var source: String
    /// When it was sent (sender's wall clock).
    public var sentAt: Timestamp
    /// End-to-end trace id, carried unchanged from the decision tick to fills.
    public var trace: String?
    /// On published messages (protocol 1.1 and later): 1, 2, 3, … per
    /// (publisher instance, topic), so a subscriber to some topics detects
    /// gaps in exactly those. Absent on requests, replies and jobs, and in
    /// frames of protocol 1.0.
    public var topicSequence: UInt64?

    public init(
        id: MessageID, correlation: MessageID? = nil, source: String, sentAt: Timestamp, trace: String? = nil,
        topicSequence: UInt64? = nil
    ) {
        self.id = id
        self.correlation = correlation
        self.source = source
        self.sentAt = sentAt
        self.trace = trace
        self.topicSequence = topicSequence
    }
}

extension EnvelopeMetadata: BinaryRecord {
    public func writeBinary(to w: inout WireWriter) {
        w.writeVarint(id.instance); w.writeVarint(id.sequence)
        w.writeOptional(correlation) { w, c in w.writeVarint(c.instance); w.writeVarint(c.sequence) }
        w.writeString(source)
        w.write(sentAt)
        w.writeOptional(trace) { $0.writeString($1) }
        w.writeOptional(topicSequence) { $0.writeVarint($1) }
    }

    /// Reads metadata of this build's protocol minor (every field present).
    public init(readingBinary r: inout WireReader, limits: BinaryLimits) throws(WireError) {
        try self.init(readingBinary: &r, limits: limits, protocolMinor: WireProtocol.minor)
    }

    /// Reads metadata written by a sender of protocol minor `protocolMinor`:
    /// fields that minor did not have yet are absent (1.0 has no `topicSequence`).
    public init(readingBinary r: inout WireReader, limits: BinaryLimits, protocolMinor: UInt8) throws(WireError) {
        self.init(
            id: MessageID(instance: try r.readVarint(), sequence: try r.readVarint()),
            correlation: try r.readOptional { r throws(WireError) in
                MessageID(instance: try r.readVarint(), sequence: try r.readVarint())
            },
            source: try r.readString(limit: limits.maxStringBytes),
            sentAt: try r.readTimestamp(),
            trace: try r.readOptional { r throws(WireError) in try r.readString(limit: limits.maxStringBytes) },
            topicSequence: protocolMinor >= 1 ? try r.readOptional { r throws(WireError) in try r.readVarint() } : nil
        )
    }
}
