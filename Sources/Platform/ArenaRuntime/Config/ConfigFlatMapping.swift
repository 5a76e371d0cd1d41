/// A free-form mapping read as sorted `dotted.key = value` pairs (lists of
/// scalars joined by commas), so a section can take parameters whose keys it
/// does not know in advance (a model's `params`) while the file is still
/// checked for shape and none of its keys is reported as unknown.
public struct ConfigFlatMapping: Decodable, Sendable, Equatable {
    /// One pair.
    public struct Entry: Sendable, Equatable {
        public var key: String
        public var value: String
    }

    /// The pairs, sorted by key.
    public private(set) var entries: [Entry] = []

    /// An empty mapping.
    public init() {}

    public init(from decoder: any Decoder) throws {
        guard let tree = decoder as? ConfigTreeDecoder else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "model parameters need the configuration decoder"))
        }
        try Self.flatten(tree, prefix: "", into: &entries)
        entries.sort { $0.key < $1.key }
    }

    private static func flatten(_ decoder: ConfigTreeDecoder, prefix: String, into items: inout [Entry]) throws {
        switch decoder.node.value {
        case .null:
            return
        case let .scalar(text):
            items.append(Entry(key: prefix, value: text))
        case let .sequence(elements):
            var texts: [String] = []
            for element in elements {
                guard case let .scalar(text) = element.value else { throw decoder.mismatch(expected: "a list of scalars") }
                texts.append(text)
            }
            items.append(Entry(key: prefix, value: texts.joined(separator: ",")))
        case .mapping:
            let c = try decoder.container(keyedBy: ConfigCodingKey.self)
            for key in c.allKeys {
                // Asking for the key marks it as read, so it is not reported as unknown.
                _ = c.contains(key)
                guard let child = decoder.node.child(key.stringValue) else { continue }
                try flatten(decoder.child(child, key: key), prefix: prefix.isEmpty ? key.stringValue : "\(prefix).\(key.stringValue)", into: &items)
            }
        }
    }
}

