import ArenaTesting
import ArenaCore
import Testing
@testable import ArenaWire

/// A sealed snapshot is encoded once: the messages that carry it splice its
/// canonical bytes in verbatim (the frame is what encoding the snapshot there
/// would give), a receiver keeps the bytes it received, and any change to
/// them fails verification.
@Suite(.cpuBound) struct SealedSnapshotTests {
    /// The layout both messages had before carrying a sealed snapshot: synthesized Codable, snapshot encoded in place.
    struct PlainFeatureSnapshot: Codable {
        var snapshotHash: String
        var snapshot: MarketSnapshot
    }

    struct PlainScoringJob: Codable {
        var decisionID: String
        var model: ModelSpec
        var snapshotHash: String
        var snapshot: MarketSnapshot
        var account: AccountState
        var deadline: Timestamp
        var history: [DecisionSummary]
        var members: [ModelDecision]
        var spentToday: FixedDecimal?
    }

    static let sealed = try! SealedSnapshot(sealing: WireSamples.snapshot)

    /// The sample job around `sealed`.
    static func job(_ sealed: SealedSnapshot) throws -> ScoringJob {
        let sample = try #require(WireSamples.all.first { $0.name == "ScoringJob" }?.message as? ScoringJob)
        return ScoringJob(
            decisionID: sample.decisionID, model: sample.model, sealed: sealed, account: sample.account, deadline: sample.deadline,
            history: sample.history, members: sample.members
        )
    }

    /// `sealed` under other canonical bytes: those of the sample with another tick.
    static func withForeignBytes() throws -> (sealed: SealedSnapshot, foreign: MarketSnapshot) {
        var other = WireSamples.snapshot
        other.tick = other.tick.advanced(by: .seconds(300))
        let bytes = try CanonicalHash.bytes(of: other)
        return (SealedSnapshot(snapshot: sealed.snapshot, hash: sealed.hash, canonicalBytes: bytes), other)
    }

    /// `body` with the lowest bit of the first float64 equal to `value` flipped: still decodable, different content.
    static func flippingFloat(_ value: Double, in body: [UInt8]) throws -> [UInt8] {
        let pattern = withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) }
        let at = try #require(body.indices.first { body[$0...].starts(with: pattern) })
        var tampered = body
        tampered[at] ^= 1
        return tampered
    }

    @Test func sealingEncodesOnceAndHashesThoseBytes() throws {
        let bytes = try CanonicalHash.bytes(of: WireSamples.snapshot)
        #expect(Self.sealed.canonicalBytes == bytes)
        #expect(Self.sealed.hash == CanonicalHash.hex(bytes))
        #expect(Self.sealed.snapshot == WireSamples.snapshot && Self.sealed.isIntact)
    }

    @Test func theWireFormIsThePlainLayoutInBothCodecs() throws {
        let published = FeatureSnapshot(Self.sealed)
        let plain = PlainFeatureSnapshot(snapshotHash: Self.sealed.hash, snapshot: Self.sealed.snapshot)
        let job = try Self.job(Self.sealed)
        let plainJob = PlainScoringJob(
            decisionID: job.decisionID, model: job.model, snapshotHash: job.snapshotHash, snapshot: job.snapshot, account: job.account,
            deadline: job.deadline, history: job.history, members: job.members, spentToday: job.spentToday
        )
        for codec in WireCodec.allCases {
            #expect(try WireCodecs.encodeBody(published, codec: codec) == WireCodecs.encode(plain, codec: codec))
            #expect(try WireCodecs.encodeBody(job, codec: codec) == WireCodecs.encode(plainJob, codec: codec))
        }
    }

    @Test func messagesSpliceTheSealedBytesInsteadOfEncodingTheSnapshot() throws {
        let (sealed, foreign) = try Self.withForeignBytes()
        var hash = WireWriter()
        hash.writeString(sealed.hash)
        // Re-encoding would write the sample's bytes; the body holds the foreign ones it was given.
        let body = try WireCodecs.encodeBody(FeatureSnapshot(sealed), codec: .binary)
        #expect(body == hash.bytes + sealed.canonicalBytes)
        #expect(try FeatureSnapshot.decodeBinaryBody(body, limits: .default).snapshot == foreign)

        let job = try Self.job(sealed)
        let jobBody = try WireCodecs.encodeBody(job, codec: .binary)
        let before = try BinaryEncoder().encode(job.decisionID) + BinaryEncoder().encode(job.model) + hash.bytes
        let after = try BinaryEncoder().encode(job.account) + BinaryEncoder().encode(job.deadline) + BinaryEncoder().encode(job.history)
            + BinaryEncoder().encode(job.members) + BinaryEncoder().encode(job.spentToday)
        #expect(jobBody == before + sealed.canonicalBytes + after)
        #expect(try ScoringJob.decodeBinaryBody(jobBody, limits: .default).snapshot == foreign)
    }

    @Test func aReceiverKeepsExactlyTheBytesItReceived() throws {
        let frame = try Envelope.frame(FeatureSnapshot(Self.sealed), metadata: WireSamples.metadata)
        let received = try Envelope(parsing: frame).decode(FeatureSnapshot.self).sealed
        #expect(received == Self.sealed && received.isIntact)
        let job = try Envelope(parsing: Envelope.frame(Self.job(Self.sealed), metadata: WireSamples.metadata)).decode(ScoringJob.self)
        #expect(job.sealed.canonicalBytes == Self.sealed.canonicalBytes && job.sealed.isIntact)
    }

    @Test func aTamperedBodyFailsVerification() throws {
        let ema = try #require(WireSamples.snapshot.symbols[0].indicators[0].value)
        let body = try WireCodecs.encodeBody(FeatureSnapshot(Self.sealed), codec: .binary)
        let tampered = try Self.flippingFloat(ema, in: body)
        let received = try FeatureSnapshot.decodeBinaryBody(tampered, limits: .default).sealed
        #expect(received.snapshot != Self.sealed.snapshot)
        #expect(received.canonicalBytes == Array(tampered.suffix(Self.sealed.canonicalBytes.count)))
        #expect(received.hash == Self.sealed.hash && !received.isIntact)

        let jobBody = try WireCodecs.encodeBody(Self.job(Self.sealed), codec: .binary)
        let job = try ScoringJob.decodeBinaryBody(Self.flippingFloat(ema, in: jobBody), limits: .default)
        #expect(!job.sealed.isIntact)
        // A changed hash fails too.
        let claimed = try SealedSnapshot(snapshot: WireSamples.snapshot, claimedHash: String(repeating: "ab", count: 32))
        #expect(try !FeatureSnapshot.decodeBinaryBody(WireCodecs.encodeBody(FeatureSnapshot(claimed), codec: .binary), limits: .default).sealed.isIntact)
    }

    @Test func jsonCarriesTheSnapshotFieldsAndItsReceiverEncodesThemOnce() throws {
        let json = try WireCodecs.encodeBody(FeatureSnapshot(Self.sealed), codec: .json)
        let plain = try WireCodecs.decode(PlainFeatureSnapshot.self, from: json, codec: .json)
        #expect(plain.snapshot == Self.sealed.snapshot && plain.snapshotHash == Self.sealed.hash)
        let received = try WireCodecs.decode(FeatureSnapshot.self, from: json, codec: .json).sealed
        #expect(received == Self.sealed && received.isIntact)
        let forged = try WireCodecs.encode(PlainFeatureSnapshot(snapshotHash: "00", snapshot: Self.sealed.snapshot), codec: .json)
        #expect(try !WireCodecs.decode(FeatureSnapshot.self, from: forged, codec: .json).sealed.isIntact)
    }
}
