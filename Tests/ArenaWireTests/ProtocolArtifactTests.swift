import ArenaCore
import ArenaTesting
import Foundation
import Testing
@testable import ArenaWire

/// The committed protocol artefacts in `proto/` equal what this build generates.
@Suite(.cpuBound) struct ProtocolArtifactTests {
    static let proto = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("proto")

    @Test func committedSchemaIsInSyncWithTheSwiftTypes() throws {
        let committed = try String(contentsOf: Self.proto.appendingPathComponent("schema.json"), encoding: .utf8)
        let generated = try SchemaGenerator.json()
        #expect(committed == generated, "proto/schema.json is stale: run `arena proto schema --output proto/schema.json`")
    }

    @Test func goldenVectorsMatchByteForByte() throws {
        let vectors = try GoldenVectors.all()
        let generated = Set(vectors.flatMap { v in v.files.map { "\(v.name).\($0.0)" } })
        let committedNames = Set(try FileManager.default.contentsOfDirectory(atPath: Self.proto.appendingPathComponent("golden").path))
        #expect(!generated.isEmpty)
        #expect(committedNames == generated, "proto/golden has stale or missing files: run `make golden`")
        for vector in vectors {
            for (suffix, bytes) in vector.files {
                let url = Self.proto.appendingPathComponent("golden/\(vector.name).\(suffix)")
                let committed = [UInt8](try Data(contentsOf: url))
                #expect(committed == bytes, "\(url.lastPathComponent) differs from the encoder's output")
            }
        }
    }

    @Test func goldenFramesDecodeToTheSamples() throws {
        for (name, message) in WireSamples.all {
            for suffix in ["frame.bin", "frame-json.bin"] {
                let bytes = [UInt8](try Data(contentsOf: Self.proto.appendingPathComponent("golden/\(name).\(suffix)")))
                let envelope = try Envelope(parsing: bytes)
                #expect(envelope.metadata == WireSamples.metadata)
                let decoded = try MessageRegistry.decodeAny(envelope)
                #expect(try jsonOf(decoded) == jsonOf(message))
            }
        }
    }

    @Test func schemaDescribesFieldsInWireOrder() throws {
        let schema = try SchemaGenerator.schema()
        let trade = try #require(schema.types["Trade"]?.fields)
        #expect(trade.map(\.name) == ["venue", "symbol", "market", "tradeID", "price", "quantity", "takerSide", "eventTime", "receiveTime"])
        #expect(trade.map(\.type) == ["VenueID", "Symbol", "MarketKind", "int64", "decimal", "decimal", "Side", "timestamp", "timestamp"])
        #expect(schema.types["Side"]?.cases == ["BUY", "SELL"])
        #expect(schema.types["Alert"]?.fields?.first { $0.name == "fields" }?.type == "map<string,string>")
        #expect(schema.messages.map(\.id) == MessageRegistry.all.map { Int($0.wireType.id) }.sorted())
    }
}

/// JSON of an existential message, for comparing decoded values of any type.
func jsonOf(_ message: any WireMessage) throws -> [UInt8] {
    func open<M: WireMessage>(_ m: M) throws -> [UInt8] { try WireCodecs.encode(m, codec: .json) }
    return try open(message)
}
