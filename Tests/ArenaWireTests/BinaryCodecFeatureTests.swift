import ArenaCore
import ArenaTesting
import Foundation
import PropertyBased
import Testing
@testable import ArenaWire

/// A value that uses every feature the positional codec supports.
struct Kitchen: Codable, Equatable {
    enum Colour: String, Codable, CaseIterable { case red, green }
    enum Level: Int, Codable { case low = 1, high = 1_000 }
    struct Inner: Codable, Equatable {
        var name: String
        var maybe: Int32?
    }

    var flag: Bool
    var i8: Int8, i16: Int16, i32: Int32, i64: Int64, int: Int
    var u8: UInt8, u16: UInt16, u32: UInt32, u64: UInt64, uint: UInt
    var f: Float, d: Double
    var text: String
    var decimal: FixedDecimal
    var time: Timestamp
    var date: Date
    var blob: Data
    var uuid: UUID
    var colour: Colour
    var level: Level
    var inner: Inner
    var optionalInner: Inner?
    var nestedOptional: Int??
    var list: [Inner]
    var optionalList: [Int64?]
    var matrix: [[UInt8]]
    var map: [String: Inner]
    var intMap: [Int: String]
    var set: Set<String>
}

@Suite(.cpuBound) struct BinaryCodecFeatureTests {
    static func kitchen(seed: Int) -> Kitchen {
        Kitchen(
            flag: seed % 2 == 0, i8: .min, i16: .max, i32: -1, i64: .min, int: .max,
            u8: .max, u16: 0, u32: .max, u64: .max, uint: 12_345,
            f: -0.0, d: .greatestFiniteMagnitude, text: "naïve ✓ \(seed)", decimal: try! FixedDecimal(parsing: "-123.000000000001"),
            time: Timestamp(nanoseconds: .min), date: Date(timeIntervalSinceReferenceDate: 1.5e9 + 0.123),
            blob: Data([0, 1, 2, 255]), uuid: UUID(uuidString: "E621E1F8-C36C-495A-93FC-0C247A3E6E5F")!,
            colour: .green, level: .high, inner: Kitchen.Inner(name: "", maybe: nil),
            optionalInner: seed % 3 == 0 ? nil : Kitchen.Inner(name: "x", maybe: 7), nestedOptional: .some(nil),
            list: (0..<seed % 5).map { Kitchen.Inner(name: "\($0)", maybe: Int32($0)) }, optionalList: [nil, 1, nil, -1],
            matrix: [[], [1], [2, 3]], map: ["b": .init(name: "B", maybe: nil), "a": .init(name: "A", maybe: 1)],
            intMap: [3: "three", -1: "minus one"], set: ["z", "y", "x"]
        )
    }

    @Test(arguments: 0..<12)
    func everyFeatureRoundTrips(seed: Int) throws {
        let value = Self.kitchen(seed: seed)
        let bytes = try BinaryEncoder().encode(value)
        #expect(try BinaryDecoder().decode(Kitchen.self, from: bytes) == value)
    }

    @Test func nestedOptionalsKeepTheirLevels() throws {
        for value: Int?? in [.none, .some(.none), .some(.some(5))] {
            let bytes = try BinaryEncoder().encode([value])
            #expect(try BinaryDecoder().decode([Int??].self, from: bytes) == [value])
        }
    }

    @Test func specialFloatsRoundTripBitExactly() throws {
        for v in [Double.nan, .infinity, -.infinity, -0.0, .leastNonzeroMagnitude] {
            let back = try BinaryDecoder().decode(Double.self, from: try BinaryEncoder().encode(v))
            #expect(back.bitPattern == v.bitPattern)
        }
    }

    @Test func dictionariesAndSetsAreCanonical() async {
        // Equal collections built in different orders encode to the same bytes
        // (snapshot hashes depend on it), whatever the process's hash seed.
        await propertyCheck(count: 200, input: Gen<Int>.value(in: -1000...1000).array(of: 0...30)) { keys in
            var forward: [Int: String] = [:], backward: [Int: String] = [:]
            for k in keys { forward[k] = "\(k)" }
            for k in keys.reversed() { backward[k] = "\(k)" }
            let encoder = BinaryEncoder()
            #expect(try! encoder.encode(forward) == encoder.encode(backward))
            #expect(try! encoder.encode(Set(keys)) == encoder.encode(Set(keys.reversed())))
        }
    }

    @Test func integersUseZigZagVarints() throws {
        #expect(try BinaryEncoder().encode(Int64(0)) == [0])
        #expect(try BinaryEncoder().encode(Int64(-1)) == [1])
        #expect(try BinaryEncoder().encode(Int64(1)) == [2])
        #expect(try BinaryEncoder().encode(Int64(-64)) == [127])
        #expect(try BinaryEncoder().encode(Int64(64)) == [0x80, 0x01])
        #expect(try BinaryEncoder().encode(UInt64(300)) == [0xAC, 0x02])
        #expect(try BinaryEncoder().encode("hé") == [3, 0x68, 0xC3, 0xA9])
        #expect(try BinaryEncoder().encode(Int32?.none) == [0])
        #expect(try BinaryEncoder().encode(Int32?.some(1)) == [1, 2])
    }

    @Test func decimalsCarryTheirRawValue() throws {
        // 1.5 = raw 1_500_000_000_000 → zig-zag 3_000_000_000_000.
        var w = WireWriter()
        w.writeVarint(UInt64(3_000_000_000_000))
        #expect(try BinaryEncoder().encode(try FixedDecimal(parsing: "1.5")) == w.bytes)
    }

    @Test func customUnkeyedContainersGetTheirCountPatchedIn() throws {
        struct Pair: Codable, Equatable {
            var a: Int16, b: String
            init(a: Int16, b: String) { self.a = a; self.b = b }
            init(from decoder: any Decoder) throws {
                var c = try decoder.unkeyedContainer()
                a = try c.decode(Int16.self)
                b = try c.decode(String.self)
            }
            func encode(to encoder: any Encoder) throws {
                var c = encoder.unkeyedContainer()
                try c.encode(a)
                try c.encode(b)
            }
        }
        let value = [Pair(a: -2, b: "x"), Pair(a: 300, b: "")]
        let bytes = try BinaryEncoder().encode(value)
        #expect(bytes == [2, 2, 3, 1, 0x78, 2, 0xD8, 0x04, 0])
        #expect(try BinaryDecoder().decode([Pair].self, from: bytes) == value)
    }

    @Test func enumsWithAssociatedValuesAreRefusedClearly() {
        enum Shape: Codable { case circle(radius: Int) }
        let bytes = (try? BinaryEncoder().encode(Shape.circle(radius: 1))) ?? []
        #expect(throws: WireError.self) { try BinaryDecoder().decode(Shape.self, from: bytes) }
    }
}
