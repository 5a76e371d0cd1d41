import ArenaCore
import ArenaRuntime
import ArenaWire

/// The models the arena clock sends jobs for: the enabled entries of the
/// `models` configuration, each with its config hash (spec §5: "its config is
/// hashed and the hash is stored with every decision").
public struct ModelRoster: Sendable {
    /// The enabled models in configuration order.
    public let models: [ModelSpec]
    /// Each enabled model's index in the configuration's `models` list.
    public let fileIndices: [Int]

    /// The roster of `config`'s enabled models.
    public init(_ config: ModelsConfig) throws(WireError) {
        models = try config.enabled.map { entry throws(WireError) in try Self.spec(entry) }
        fileIndices = config.models.indices.filter { config.models[$0].enabled }
    }

    /// The spec of one model with its hash filled in.
    public static func spec(_ entry: ModelConfig) throws(WireError) -> ModelSpec {
        try ModelSpec(id: entry.id, kind: entry.kind, version: entry.version, parameters: entry.parameters, configHash: "").hashed()
    }
}
