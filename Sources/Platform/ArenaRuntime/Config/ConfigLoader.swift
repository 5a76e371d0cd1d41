/// Reads YAML, applies environment overrides and decodes typed configuration.
///
/// The steps, each with its own errors:
/// 1. the text is parsed into a ``ConfigNode`` tree (``ConfigError/syntax(path:reason:)``,
///    duplicate keys);
/// 2. `ARENA_…` variables replace nodes in the tree (malformed names, values
///    that are not YAML, a path through a scalar) — see ``EnvironmentOverrides``;
/// 3. the tree is decoded into `T` (wrong types, missing keys, bad scalars);
/// 4. every key that `T` never asked for is reported as unknown, all at once.
///
/// Semantic validation (ranges, cross-field rules) belongs to the decoded type;
/// ``ArenaConfig/load(path:environment:)`` runs it after this.
public enum ConfigLoader {
    /// Decodes `T` from the YAML file at `path` with `environment` applied.
    public static func decode<T: Decodable>(
        _ type: T.Type, path: String, environment: [String: String]
    ) throws(ConfigError) -> T {
        let text: String
        do { text = try TextFile.contents(of: path) } catch { throw .unreadable(path: path, reason: error.reason) }
        return try decode(type, yaml: text, source: path, environment: environment)
    }

    /// Decodes `T` from YAML `text`; `source` names it in syntax errors.
    public static func decode<T: Decodable>(
        _ type: T.Type, yaml text: String, source: String, environment: [String: String]
    ) throws(ConfigError) -> T {
        var root = try ConfigNode.parse(yaml: text, origin: .file(source))
        guard case .mapping = root.value else {
            throw .invalid(key: "(root)", value: root.summary, reason: "the configuration must be a mapping of sections")
        }
        try EnvironmentOverrides.apply(environment, to: &root)
        return try decode(type, from: root)
    }

    /// Decodes `T` from a tree and reports the keys it did not use.
    static func decode<T: Decodable>(_ type: T.Type, from root: ConfigNode) throws(ConfigError) -> T {
        let state = ConfigDecodingState()
        let decoder = ConfigTreeDecoder(node: root, codingPath: [], state: state)
        let value: T
        do {
            value = try decoder.decode(type)
        } catch let error as ConfigError {
            throw error
        } catch {
            // `decoder.decode` translates everything; this keeps the typed throw honest.
            throw .invalid(key: "(root)", value: root.summary, reason: String(describing: error))
        }
        let unknown = ConfigTreeDecoder.unknownKeys(in: root, path: [], visited: state.visited)
        if let error = ConfigError.combining(unknown) { throw error }
        return value
    }
}

extension KeyedDecodingContainer {
    /// The value under `key`, or `value` when the key is absent or null.
    func decode<T: Decodable>(_ key: Key, default value: @autoclosure () -> T) throws -> T {
        try decodeIfPresent(T.self, forKey: key) ?? value()
    }
}
