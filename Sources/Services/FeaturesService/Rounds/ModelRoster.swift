import ArenaCore
import ArenaRuntime
import ArenaWire
import Learning
import Models

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

    /// The spec of one model with its hash filled in; a learned model's file is read and its
    /// SHA-256 pinned into the spec first, so the config hash covers the model's weights.
    public static func spec(_ entry: ModelConfig) throws(WireError) -> ModelSpec {
        let spec = ModelSpec(id: entry.id, kind: entry.kind, version: entry.version, parameters: entry.parameters, configHash: "")
        guard LearnedKinds.kindsWithFiles.contains(entry.kind) else { return try spec.hashed() }
        guard spec.parameter(MLPPolicy.pinParameter) == nil else {
            throw .invalidValue(path: "models.\(entry.id).params.\(MLPPolicy.pinParameter)", reason: "set by the arena clock from the model file, not in the configuration")
        }
        // Without a readable file the spec goes unpinned; the roster check then names the file's problem.
        guard let path = spec.parameter("file"), let sha = try? ModelFileReader.hash(path) else { return try spec.hashed() }
        return try pinned(spec, sha256: sha)
    }

    /// `spec` with `file_sha256` set to `sha256` (parameters kept sorted) and its hash recomputed.
    static func pinned(_ spec: ModelSpec, sha256: String) throws(WireError) -> ModelSpec {
        var pinned = spec
        pinned.parameters.removeAll { $0.key == MLPPolicy.pinParameter }
        pinned.parameters.append(ModelParameter(key: MLPPolicy.pinParameter, value: sha256))
        pinned.parameters.sort { $0.key < $1.key }
        return try pinned.hashed()
    }
}
