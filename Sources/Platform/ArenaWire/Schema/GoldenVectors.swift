/// The golden byte vectors of one message type: its body in both codecs
/// and a whole frame in both codecs, with ``WireSamples/metadata``.
public struct GoldenVector: Sendable {
    /// The file stem, the message type's name.
    public let name: String
    /// `(file suffix, bytes)`: `body.bin`, `body.json`, `frame.bin`, `frame-json.bin`.
    public let files: [(String, [UInt8])]
}

/// Produces the golden vectors that `proto/golden/` pins.
public enum GoldenVectors {
    /// Vectors for every sample in ``WireSamples/all``.
    public static func all() throws(WireError) -> [GoldenVector] {
        var out: [GoldenVector] = []
        for sample in WireSamples.all {
            out.append(try vector(sample.name, sample.message))
        }
        return out
    }

    private static func vector<M: WireMessage>(_ name: String, _ message: M) throws(WireError) -> GoldenVector {
        GoldenVector(name: name, files: [
            ("body.bin", try WireCodecs.encodeBody(message, codec: .binary)),
            ("body.json", try WireCodecs.encodeBody(message, codec: .json)),
            ("frame.bin", try Envelope.frame(message, metadata: WireSamples.metadata, codec: .binary)),
            ("frame-json.bin", try Envelope.frame(message, metadata: WireSamples.metadata, codec: .json)),
        ])
    }
}
