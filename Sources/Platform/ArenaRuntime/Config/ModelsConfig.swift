import ArenaCore

/// One entry of the `models` list: a named, versioned model configuration
/// (spec §5). The arena clock sends it with every job; its hash is recorded
/// with every decision.
public struct ModelConfig: Sendable, Equatable, Decodable {
    /// Unique in the arena.
    public var id: ModelID
    /// What the scorer runs: `ema_trend`, `orderflow`, `llm`, `ensemble`, `buy_and_hold`, …
    public var kind: String
    /// The operator's version label for this configuration.
    public var version: String
    /// A disabled model gets no jobs (and stays on the roster's record).
    public var enabled: Bool
    /// Parameters, flattened to `key.path = value`.
    public var parameters: [ModelParameter]

    /// A model entry.
    public init(id: ModelID, kind: String, version: String = "1", enabled: Bool = true, parameters: [ModelParameter] = []) {
        self.id = id
        self.kind = kind
        self.version = version
        self.enabled = enabled
        self.parameters = parameters.sorted { $0.key < $1.key }
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, version, enabled, params
    }

    /// Decodes one entry; `params` is any mapping of scalars, lists of scalars and nested mappings.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(ModelID.self, forKey: .id), kind: try c.decode(String.self, forKey: .kind),
            version: try c.decode(.version, default: "1"), enabled: try c.decode(.enabled, default: true),
            parameters: try c.decode(.params, default: FlatParameters()).items
        )
    }
}

/// A mapping read as sorted `dotted.key = value` pairs, so any model kind can
/// take its own parameters while the file is still checked for shape.
struct FlatParameters: Decodable {
    var items: [ModelParameter] = []

    init() {}

    init(from decoder: any Decoder) throws {
        guard let tree = decoder as? ConfigTreeDecoder else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "model parameters need the configuration decoder"))
        }
        try Self.flatten(tree, prefix: "", into: &items)
        items.sort { $0.key < $1.key }
    }

    private static func flatten(_ decoder: ConfigTreeDecoder, prefix: String, into items: inout [ModelParameter]) throws {
        switch decoder.node.value {
        case .null:
            return
        case let .scalar(text):
            items.append(ModelParameter(key: prefix, value: text))
        case let .sequence(elements):
            var texts: [String] = []
            for element in elements {
                guard case let .scalar(text) = element.value else { throw decoder.mismatch(expected: "a list of scalars") }
                texts.append(text)
            }
            items.append(ModelParameter(key: prefix, value: texts.joined(separator: ",")))
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

/// The `models` list, validated as a whole.
public struct ModelsConfig: Sendable, Equatable, Decodable {
    /// The roster in file order.
    public var models: [ModelConfig]

    /// A roster.
    public init(_ models: [ModelConfig] = []) { self.models = models }

    /// Decodes the list.
    public init(from decoder: any Decoder) throws {
        models = try [ModelConfig](from: decoder)
    }

    /// The enabled models, in file order.
    public var enabled: [ModelConfig] { models.filter(\.enabled) }

    func validate(into problems: inout ConfigProblems) {
        var seen = Set<ModelID>()
        for (index, model) in models.enumerated() {
            if !seen.insert(model.id).inserted {
                problems.add(.invalid(key: "models[\(index)].id", value: model.id.value, reason: "another model has this id"))
            }
            problems.check(!model.kind.isEmpty, key: "models[\(index)].kind", value: model.kind, "must name a model kind")
        }
    }
}
