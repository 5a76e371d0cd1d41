/// The machine-readable description of the protocol, written to
/// `proto/schema.json` by `arena proto schema` and read by other-language
/// clients (see `proto/python`).
///
/// Type expressions are strings: a primitive (`bool`, `int8` … `int64`,
/// `uint8` … `uint64`, `float32`, `float64`, `string`, `bytes`, `decimal`,
/// `timestamp`, `date`, `uuid`), a named type from ``types``, or
/// `optional<T>`, `array<T>`, `set<T>`, `map<K,V>`.
public struct WireSchema: Codable, Sendable, Equatable {
    /// Envelope format version and constants.
    public var envelope: EnvelopeSchema
    /// Every message type, in id order.
    public var messages: [MessageSchema]
    /// Every named type used by the messages and the envelope metadata.
    public var types: [String: TypeSchema]
}

/// Envelope constants a peer needs to frame messages.
public struct EnvelopeSchema: Codable, Sendable, Equatable {
    public var magic: String
    public var major: Int
    public var minor: Int
    public var codecs: [String: Int]
    public var headerBytes: Int
    public var maxMetadataBytes: Int
    /// The named type of the metadata block.
    public var metadata: String

    enum CodingKeys: String, CodingKey {
        case magic, major, minor, codecs
        case headerBytes = "header_bytes"
        case maxMetadataBytes = "max_metadata_bytes"
        case metadata
    }
}

/// One registered message type.
public struct MessageSchema: Codable, Sendable, Equatable {
    public var id: Int
    public var name: String
    public var version: String
    /// The named type of the body.
    public var type: String
}

/// A named type: a struct (fields in wire order), an enum (string raw values),
/// or an alias of another type expression with a validation note.
public struct TypeSchema: Codable, Sendable, Equatable {
    public var kind: String
    public var fields: [FieldSchema]?
    public var cases: [String]?
    public var type: String?
    public var note: String?
}

/// A struct field, in wire order.
public struct FieldSchema: Codable, Sendable, Equatable {
    public var name: String
    public var type: String
}
