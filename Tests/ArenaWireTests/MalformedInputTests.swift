import ArenaCore
import ArenaTesting
import Foundation
import Testing
@testable import ArenaWire

/// Truncated, oversized, corrupted and hostile input gives a typed error, never a trap.
@Suite(.cpuBound) struct MalformedInputTests {
    static let frames: [[UInt8]] = try! GoldenVectors.all().flatMap { v in v.files.filter { $0.0.hasPrefix("frame") }.map(\.1) }

    /// Decodes `bytes` as a frame and then as whatever type it names.
    static func decodeFrame(_ bytes: [UInt8]) throws(WireError) {
        let envelope = try Envelope(parsing: bytes)
        _ = try MessageRegistry.decodeAny(envelope)
    }

    @Test func everyTruncationOfEveryGoldenFrameIsATypedError() {
        #expect(!Self.frames.isEmpty && Self.frames.count == 2 * WireSamples.all.count, "a binary and a JSON frame per sample")
        for frame in Self.frames {
            for length in 0..<frame.count {
                #expect(throws: WireError.self) { try Self.decodeFrame(Array(frame[0..<length])) }
            }
        }
    }

    @Test func everySingleByteCorruptionIsHandled() {
        // Flipping any byte may still give a valid message (e.g. a different
        // price); what matters is that nothing traps and failures are typed.
        var failures = 0
        for frame in Self.frames {
            for i in 0..<frame.count {
                for flip: UInt8 in [0x01, 0x80, 0xFF] {
                    var bad = frame
                    bad[i] ^= flip
                    do { try Self.decodeFrame(bad) } catch { failures += 1 }
                }
            }
        }
        #expect(failures > 0)
    }

    @Test func randomBytesNeverTrap() {
        var rng = SplitMix64(seed: 0xA11CE)
        for _ in 0..<20_000 {
            let n = Int(rng.next() % 96)
            var bytes = (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            if n >= 2, rng.next() % 2 == 0 { bytes[0] = 0x41; bytes[1] = 0x41 }
            _ = try? Self.decodeFrame(bytes)
            _ = try? BinaryDecoder().decode(Kitchen.self, from: bytes)
            _ = try? BinaryDecoder().decode(Alert.self, from: bytes)
        }
    }

    @Test func hugeLengthsAreRefusedBeforeAllocating() {
        // A string claiming 2^60 bytes, an array claiming 2^40 elements.
        var w = WireWriter()
        w.writeVarint(UInt64(1) << 60)
        #expect(throws: WireError.lengthExceedsLimit(offset: 0, length: 1 << 60, limit: BinaryLimits.default.maxStringBytes)) {
            try BinaryDecoder().decode(String.self, from: w.bytes)
        }
        var a = WireWriter()
        a.writeVarint(UInt64(1) << 40)
        #expect(throws: WireError.self) { try BinaryDecoder().decode([Int].self, from: a.bytes) }
        // Within the limit but beyond the input: truncated, still no allocation.
        var b = WireWriter()
        b.writeVarint(UInt64(1000))
        #expect(throws: WireError.truncated(offset: 2, needed: 1000)) { try BinaryDecoder().decode([UInt8].self, from: b.bytes) }
    }

    @Test func limitsAreConfigurable() {
        let strict = BinaryDecoder(limits: BinaryLimits(maxStringBytes: 4, maxBlobBytes: 4, maxCollectionCount: 2, maxDepth: 3))
        #expect(throws: WireError.self) { try strict.decode(String.self, from: try BinaryEncoder().encode("hello")) }
        #expect(throws: WireError.self) { try strict.decode([Int].self, from: try BinaryEncoder().encode([1, 2, 3])) }
        #expect(throws: WireError.nestingTooDeep(limit: 3)) {
            try strict.decode([[[[Int]]]].self, from: try BinaryEncoder().encode([[[[1]]]]))
        }
    }

    @Test func deepRecursionIsBounded() throws {
        final class Node: Codable { var child: Node?; init(child: Node?) { self.child = child } }
        // 10,000 nested "present" tags would recurse 10,000 deep without the limit.
        let hostile = [UInt8](repeating: 1, count: 10_000) + [0]
        #expect(throws: WireError.nestingTooDeep(limit: BinaryLimits.default.maxDepth)) {
            try BinaryDecoder().decode(Node.self, from: hostile)
        }
    }

    @Test func primitivesRejectInvalidBytes() {
        #expect(throws: WireError.self) { try BinaryDecoder().decode(Bool.self, from: [2]) }
        #expect(throws: WireError.invalidOptionalTag(offset: 0, tag: 2)) { try BinaryDecoder().decode(Int?.self, from: [2]) }
        #expect(throws: WireError.invalidUTF8(offset: 1)) { try BinaryDecoder().decode(String.self, from: [2, 0xC3, 0x28]) }
        #expect(throws: WireError.malformedVarint(offset: 9)) { try BinaryDecoder().decode(UInt64.self, from: [UInt8](repeating: 0xFF, count: 10) + [1]) }
        #expect(throws: WireError.self) { try BinaryDecoder().decode(Int8.self, from: []) }
        #expect(throws: WireError.self) { try BinaryDecoder().decode(Int16.self, from: try BinaryEncoder().encode(Int64(70_000))) }
        #expect(throws: WireError.trailingBytes(offset: 1, count: 1)) { try BinaryDecoder().decode(UInt8.self, from: [1, 2]) }
        #expect(throws: WireError.self) { try BinaryDecoder().decode(Side.self, from: try BinaryEncoder().encode("HOLD")) }
        #expect(throws: WireError.self) { try BinaryDecoder().decode(Set<Int>.self, from: [2, 2, 2]) }
        #expect(throws: WireError.self) { try BinaryDecoder().decode([Int: Int].self, from: [2, 2, 0, 2, 1]) }
    }

    @Test func envelopeHeaderErrorsAreSpecific() throws {
        let frame = Self.frames[0]
        var bad = frame
        bad[0] = 0x42
        #expect(throws: WireError.badMagic(0x42, 0x41)) { try Envelope(parsing: bad) }
        bad = frame
        bad[2] = 2
        #expect(throws: WireError.unsupportedProtocolVersion(major: 2, minor: WireProtocol.minor)) { try Envelope(parsing: bad) }
        bad = frame
        bad[4] = 9
        #expect(throws: WireError.unknownCodec(9)) { try Envelope(parsing: bad) }
        bad = frame
        bad[6] = 0xFF
        bad[7] = 0xFF
        #expect(throws: WireError.unknownMessageType(0xFFFF)) { try MessageRegistry.decodeAny(try Envelope(parsing: bad)) }
        #expect(throws: WireError.frameTooLarge(size: frame.count, limit: 16)) { try Envelope(parsing: frame, maxFrameBytes: 16) }
        #expect(throws: WireError.trailingBytes(offset: frame.count, count: 1)) { try Envelope(parsing: frame + [0]) }
        bad = frame
        bad[10] = 0xFF  // metadata length far above the 4 KiB limit
        #expect(throws: WireError.self) { try Envelope(parsing: bad) }
        let trade = try Envelope(parsing: frame)
        #expect(throws: WireError.unexpectedMessageType(expected: Bar.wireType.id, actual: Trade.wireType.id)) {
            try trade.decode(Bar.self)
        }
    }

    /// The inputs in `Regressions/` and the typed error each must decode to.
    /// They are crafted for each error path of the frame and body decoders
    /// (cut and overlong lengths, bad optional tags, an overlong varint, an
    /// invalid enum value, JSON that ends early), and any crash the fuzzer
    /// finds (`make fuzz` leaves it in `fuzz/out/`) joins them, with its entry
    /// here. Offsets are from the frame's start for the header and metadata,
    /// from the body's start for the body.
    static let regressions: [String: WireError] = [
        // A Trade frame (proto/golden/Trade.frame.bin): metadata at byte 14, body length at 74, body at 78.
        "metadata-length-over-limit.bin": .lengthExceedsLimit(offset: 10, length: 0xFFFF_FFFF, limit: WireProtocol.maxMetadataBytes),
        "body-length-past-end.bin": .truncated(offset: 78, needed: 1),
        "correlation-tag-2.bin": .invalidOptionalTag(offset: 24, tag: 2),
        "trace-tag-2.bin": .invalidOptionalTag(offset: 53, tag: 2),
        // The source's length says 127 bytes where the metadata has 37 left.
        "source-length-past-metadata.bin": .truncated(offset: 37, needed: 90),
        "sequence-varint-overlong.bin": .malformedVarint(offset: 32),
        "venue-length-huge.bin": .lengthExceedsLimit(offset: 0, length: 1 << 40, limit: BinaryLimits.default.maxStringBytes),
        "body-cut.bin": .truncated(offset: 30, needed: 1),
        "body-trailing-byte.bin": .trailingBytes(offset: 62, count: 1),
        "taker-side-bye.bin": .invalidValue(path: "takerSide", reason: #""BYE" is not one of BUY, SELL"#),
        // A JSON Trade frame whose body stops after `{"price":`.
        "json-body-cut.bin": .jsonDecoding(""),
    ]

    @Test func fuzzRegressionsStayFixed() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Regressions")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".bin") }.sorted()
        try #require(!files.isEmpty, "no regression inputs (*.bin) in \(dir.path)")
        #expect(Set(files) == Set(Self.regressions.keys), "each file of Regressions/ needs its expected error here, each entry its file")
        for name in files {
            let bytes = [UInt8](try Data(contentsOf: dir.appendingPathComponent(name)))
            let error = #expect(throws: WireError.self, "\(name)") { try Self.decodeFrame(bytes) }
            let expected = Self.regressions[name]
            #expect(error.map { Self.isSameFailure($0, expected) } == true, "\(name): got \(String(describing: error))")
            _ = try? BinaryDecoder().decode(Kitchen.self, from: bytes)
        }
    }

    /// Equal errors; for JSON, the same case (the message is Foundation's).
    static func isSameFailure(_ error: WireError, _ expected: WireError?) -> Bool {
        if case .jsonDecoding = error, case .jsonDecoding = expected { return true }
        return error == expected
    }
}
