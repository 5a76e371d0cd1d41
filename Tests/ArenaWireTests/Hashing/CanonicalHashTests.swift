import ArenaCore
import ArenaTesting
import Foundation
import Testing
@testable import ArenaWire

/// Canonical bytes and their SHA-256: the hex is the standard SHA-256 of the
/// bytes, and a snapshot's canonical bytes are the binary codec's, which a
/// published snapshot carries right after its hash.
@Suite(.cpuBound) struct CanonicalHashTests {
    @Test func theHexIsStandardSHA256() {
        #expect(CanonicalHash.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(CanonicalHash.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func theDigestOfPartsIsTheDigestOfTheirConcatenation() {
        let whole = CanonicalHash.digest(Array("abc".utf8))
        #expect(whole.count == 32)
        #expect(CanonicalHash.digest(Array("a".utf8), [], Array("bc".utf8)) == whole)
        #expect(HexText.lowercase(whole) == CanonicalHash.hex(Array("abc".utf8)))
    }

    @Test(.requires(.executable("/usr/bin/sha256sum")))
    func theHashOfAKnownSnapshotMatchesSha256sum() async throws {
        let bytes = try CanonicalHash.bytes(of: WireSamples.snapshot)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("snapshot-\(UUID().uuidString).bin")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let sha256sum = try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/sha256sum"), [file.path])
        #expect(sha256sum.status == 0)
        let expected = try #require(sha256sum.stdout.split(separator: " ").first.map(String.init))
        #expect(expected.count == 64)
        #expect(try CanonicalHash.hex(of: WireSamples.snapshot) == expected)
        #expect(CanonicalHash.hex(bytes) == expected)
    }

    @Test func theCanonicalBytesAreTheBinaryCodecsAndRoundTrip() throws {
        let snapshot = WireSamples.snapshot
        let bytes = try CanonicalHash.bytes(of: snapshot)
        #expect(bytes == (try BinaryEncoder().encode(snapshot)))
        let decoded = try BinaryDecoder().decode(MarketSnapshot.self, from: bytes)
        #expect(decoded == snapshot)
        #expect(try CanonicalHash.bytes(of: decoded) == bytes)
        // The published message carries the hash, then exactly these bytes: a receiver can check without re-encoding.
        let published = FeatureSnapshot(try SealedSnapshot(sealing: snapshot))
        #expect(published.snapshotHash == CanonicalHash.hex(bytes))
        let body = try WireCodecs.encodeBody(published, codec: .binary)
        #expect(Array(body.suffix(bytes.count)) == bytes)
    }
}
