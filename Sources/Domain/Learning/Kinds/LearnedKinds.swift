import ArenaCore
import Models

/// The learned model kinds (spec §5, kind 4) for the arena's catalogue: each
/// built from its parameters and its model file, read when the model is built.
///
/// The arena clock pins each file's SHA-256 into the roster entry
/// (`file_sha256`), so a model is built once per file version, on any scorer,
/// from exactly the bytes the round names; a file that no longer has that hash
/// is an error, never a silent switch.
public enum LearnedKinds {
    public static let all: [ModelKind] = [
        ModelKind(schema: MLPPolicy.schema) { parameters throws(ModelConfigError) in
            let loaded = try load(parameters)
            return try MLPPolicy(parameters: parameters, file: loaded.file, stamp: loaded.stamp)
        },
        ModelKind(schema: DiffusionPolicy.schema) { parameters throws(ModelConfigError) in
            let loaded = try load(parameters)
            return try DiffusionPolicy(parameters: parameters, file: loaded.file, stamp: loaded.stamp)
        },
    ]

    /// The kinds that read a model file from their `file` parameter.
    public static let kindsWithFiles: Set<String> = Set(all.map(\.schema.kind))

    /// The file of `parameters`, checked against its pinned hash when there is one.
    static func load(_ parameters: ModelParameters) throws(ModelConfigError) -> LoadedModelFile {
        let loaded: LoadedModelFile
        do { loaded = try ModelFileReader.load(parameters.text("file")) } catch { throw .inconsistent(key: "file", reason: "\(error)") }
        let pin = parameters.text(MLPPolicy.pinParameter)
        if pin != MLPPolicy.unpinned, pin != loaded.stamp.sha256 {
            throw .inconsistent(key: "file", reason: "\(ModelFileError.hashMismatch(expected: pin, found: loaded.stamp.sha256))")
        }
        return loaded
    }
}
