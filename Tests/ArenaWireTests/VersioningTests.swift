import ArenaCore
import ArenaTesting
import Testing
@testable import ArenaWire

/// A message at version 1.1: version 1.0 lacked `note`, which 1.1 appended.
private struct Probe: WireMessage, Equatable {
    static let wireType = MessageType(id: 65_000, name: "Probe", version: MessageVersion(1, 1))
    var count: Int64
    var note: String?
}

/// Receivers accept older minor versions (missing trailing optionals are nil)
/// and newer minor versions (unknown trailing fields are skipped), and refuse
/// other major versions with an error that names both versions.
@Suite(.cpuBound) struct VersioningTests {
    let metadata = WireSamples.metadata

    func frame(version: MessageVersion, body: [UInt8], codec: WireCodec = .binary) throws -> Envelope {
        try Envelope(parsing: Envelope(codec: codec, typeID: Probe.wireType.id, version: version, metadata: metadata, body: body).serialized())
    }

    @Test func olderMinorLacksTrailingOptionals() throws {
        let v10body = try BinaryEncoder().encode(Int64(5))  // just `count`
        #expect(try frame(version: MessageVersion(1, 0), body: v10body).decode(Probe.self) == Probe(count: 5, note: nil))
        // The same short body claiming to be 1.1 is truncated, not silently accepted.
        #expect(throws: WireError.self) { try frame(version: MessageVersion(1, 1), body: v10body).decode(Probe.self) }
    }

    @Test func newerMinorMayAppendFields() throws {
        var body = try BinaryEncoder().encode(Probe(count: 9, note: "n"))
        body += try BinaryEncoder().encode("a field from 1.2")
        #expect(try frame(version: MessageVersion(1, 2), body: body).decode(Probe.self) == Probe(count: 9, note: "n"))
        #expect(throws: WireError.self) { try frame(version: MessageVersion(1, 1), body: body).decode(Probe.self) }
    }

    @Test func otherMajorVersionsAreRefusedByName() throws {
        let body = try BinaryEncoder().encode(Probe(count: 1, note: nil))
        #expect(throws: WireError.unsupportedMessageVersion(type: "Probe", received: "2.0", supported: "1.x")) {
            try frame(version: MessageVersion(2, 0), body: body).decode(Probe.self)
        }
        #expect(throws: WireError.unsupportedMessageVersion(type: "Probe", received: "0.9", supported: "1.x")) {
            try frame(version: MessageVersion(0, 9), body: body).decode(Probe.self)
        }
        #expect(WireError.unsupportedMessageVersion(type: "Probe", received: "2.0", supported: "1.x").description
            == "Probe version 2.0 is not supported (this build reads 1.x)")
    }

    @Test func newerProtocolMinorIsAcceptedNewerMajorIsNot() throws {
        var bytes = try Envelope.frame(Probe(count: 3, note: nil), metadata: metadata)
        bytes[3] = WireProtocol.minor + 1
        #expect(try Envelope(parsing: bytes).decode(Probe.self).count == 3)
        bytes[2] = WireProtocol.major + 1
        #expect(throws: WireError.unsupportedProtocolVersion(major: WireProtocol.major + 1, minor: WireProtocol.minor + 1)) {
            try Envelope(parsing: bytes)
        }
    }

    @Test func newerProtocolMinorMayAppendMetadataFields() throws {
        var bytes = try Envelope.frame(Probe(count: 5, note: nil), metadata: metadata)
        // Grow the metadata block by one unknown trailing byte and fix its length.
        let metaLength = Int(bytes[10]) << 24 | Int(bytes[11]) << 16 | Int(bytes[12]) << 8 | Int(bytes[13])
        bytes.insert(0x7F, at: 14 + metaLength)
        bytes[13] += 1
        #expect(throws: WireError.trailingBytes(offset: 14 + metaLength, count: 1)) { try Envelope(parsing: bytes) }
        bytes[3] = WireProtocol.minor + 1
        let envelope = try Envelope(parsing: bytes)
        #expect(envelope.metadata == metadata)
        #expect(try envelope.decode(Probe.self).count == 5)
    }

    /// Protocol 1.1 appended `topicSequence`: a 1.0 sender's metadata ends
    /// after `trace` and reads with no topic sequence; the same short block
    /// claiming 1.1 is truncated, not silently accepted.
    @Test func aProtocol10FrameHasNoTopicSequence() throws {
        var bytes = try Envelope.frame(Probe(count: 6, note: nil), metadata: metadata)
        #expect(try Envelope(parsing: bytes).metadata.topicSequence == 9)
        // Drop the topic sequence (presence byte and varint 9) from the metadata block.
        let metaLength = Int(bytes[10]) << 24 | Int(bytes[11]) << 16 | Int(bytes[12]) << 8 | Int(bytes[13])
        #expect(Array(bytes[(14 + metaLength - 2)..<(14 + metaLength)]) == [1, 9])
        bytes.removeSubrange((14 + metaLength - 2)..<(14 + metaLength))
        bytes[13] -= 2
        #expect(throws: WireError.self) { try Envelope(parsing: bytes) }
        bytes[3] = 0
        let old = try Envelope(parsing: bytes)
        var expected = metadata
        expected.topicSequence = nil
        #expect(old.metadata == expected)
        #expect(try old.decode(Probe.self).count == 6)
    }

    @Test func sendersRefuseMetadataThatReceiversWouldRefuse() {
        var long = metadata
        long.trace = String(repeating: "t", count: WireProtocol.maxMetadataBytes)
        #expect(throws: WireError.self) { try Envelope.frame(Probe(count: 1, note: nil), metadata: long) }
    }

    @Test func unknownFlagsAreIgnored() throws {
        var bytes = try Envelope.frame(Probe(count: 4, note: "x"), metadata: metadata)
        bytes[5] = 0x80
        #expect(try Envelope(parsing: bytes).decode(Probe.self) == Probe(count: 4, note: "x"))
    }
}
