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
            parameters: try c.decode(.params, default: ConfigFlatMapping()).entries.map { ModelParameter(key: $0.key, value: $0.value) }
        )
    }
}

/// The `models` list, validated as a whole.
public struct ModelsConfig: ConfigSection, Equatable {
    public static let key = "models"
    /// No roster: no model gets jobs.
    public static let whenAbsent: ModelsConfig? = ModelsConfig()

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

    public func validate(into problems: inout ConfigProblems) {
        var seen = Set<ModelID>()
        for (index, model) in models.enumerated() {
            if !seen.insert(model.id).inserted {
                problems.add(.invalid(key: "models[\(index)].id", value: model.id.value, reason: "another model has this id"))
            }
            problems.check(!model.kind.isEmpty, key: "models[\(index)].kind", value: model.kind, "must name a model kind")
        }
    }
}
