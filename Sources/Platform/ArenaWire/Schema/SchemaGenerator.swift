import Foundation

/// Builds the ``WireSchema`` of every registered message type.
public enum SchemaGenerator {
    /// The schema of this build.
    public static func schema() throws -> WireSchema {
        let recorder = SchemaRecorder()
        let metadata = try recorder.describe(EnvelopeMetadata.self)
        var messages: [MessageSchema] = []
        for type in MessageRegistry.all {
            let t = type.wireType
            messages.append(MessageSchema(
                id: Int(t.id), name: t.name, version: t.version.description, type: try describe(type, recorder)
            ))
        }
        let envelope = EnvelopeSchema(
            magic: String(decoding: [WireProtocol.magic.0, WireProtocol.magic.1], as: UTF8.self),
            major: Int(WireProtocol.major), minor: Int(WireProtocol.minor),
            codecs: Dictionary(uniqueKeysWithValues: WireCodec.allCases.map { ("\($0)", Int($0.rawValue)) }),
            headerBytes: WireProtocol.headerSize, maxMetadataBytes: WireProtocol.maxMetadataBytes, metadata: metadata
        )
        return WireSchema(envelope: envelope, messages: messages.sorted { $0.id < $1.id }, types: recorder.types)
    }

    /// The schema as pretty, key-sorted JSON with a trailing newline (the committed form).
    public static func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(schema()), as: UTF8.self) + "\n"
    }

    private static func describe<M: WireMessage>(_ type: M.Type, _ recorder: SchemaRecorder) throws -> String {
        try recorder.describe(type)
    }
}
