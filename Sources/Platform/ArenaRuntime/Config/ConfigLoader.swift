/// Reads YAML and applies environment overrides, giving the tree that
/// ``ConfigReader`` decodes typed sections from.
///
/// The steps, each with its own errors:
/// 1. the text is parsed into a ``ConfigNode`` tree (``ConfigError/syntax(path:reason:)``,
///    duplicate keys);
/// 2. `ARENA_…` variables replace nodes in the tree (malformed names, values
///    that are not YAML, a path through a scalar) — see ``EnvironmentOverrides``;
/// 3. sections are decoded (wrong types, missing keys, bad scalars);
/// 4. every key that no section asked for is reported as unknown, all at once.
///
/// Semantic validation (ranges, cross-field rules) belongs to the decoded
/// types; ``ArenaConfig/load(path:environment:catalogue:)`` runs it after this.
enum ConfigLoader {
    /// The tree of YAML `text` with `environment` applied; `source` names it in syntax errors.
    static func tree(yaml text: String, source: String, environment: [String: String]) throws(ConfigError) -> ConfigNode {
        var root = try ConfigNode.parse(yaml: text, origin: .file(source))
        guard case .mapping = root.value else {
            throw .invalid(key: "(root)", value: root.summary, reason: "the configuration must be a mapping of sections")
        }
        try EnvironmentOverrides.apply(environment, to: &root)
        return root
    }

    /// The whole tree of YAML `text` decoded as one `T`, its unused keys reported as unknown.
    static func decode<T: Decodable>(
        _ type: T.Type, yaml text: String, source: String, environment: [String: String]
    ) throws(ConfigError) -> T {
        let root = try tree(yaml: text, source: source, environment: environment)
        let state = ConfigDecodingState()
        let value: T
        do {
            value = try ConfigTreeDecoder(node: root, codingPath: [], state: state).decode(type)
        } catch let error as ConfigError {
            throw error
        } catch {
            throw .invalid(key: "(root)", value: root.summary, reason: String(describing: error))
        }
        if let error = ConfigError.combining(ConfigTreeDecoder.unknownKeys(in: root, path: [], visited: state.visited)) { throw error }
        return value
    }
}

/// Decodes top-level sections of one configuration tree, remembering every
/// key asked for, so that the keys nobody asked for can be reported as
/// unknown once all sections are read.
struct ConfigReader {
    let root: ConfigNode
    private let state = ConfigDecodingState()

    init(root: ConfigNode) { self.root = root }

    /// The section under `key` as `T`. An absent section is ``ConfigError/missing(key:)``
    /// when `required`, else decoded from an empty mapping (its defaults apply).
    func decode<T: Decodable>(_ type: T.Type, at key: String, required: Bool) throws(ConfigError) -> T {
        let top = ConfigTreeDecoder(node: root, codingPath: [], state: state)
        let codingKey = ConfigCodingKey(stringValue: key)
        state.visited.insert(key)
        if root.child(key) == nil {
            if required { throw .missing(key: key) }
            if let section = T.self as? any ConfigSection.Type, let absent = section.whenAbsent as? T { return absent }
        }
        let node = root.child(key) ?? ConfigNode(value: .mapping([]), origin: root.origin)
        do {
            return try top.child(node, key: codingKey).decode(type)
        } catch let error as ConfigError {
            throw error
        } catch {
            // `decode` translates everything; this keeps the typed throw honest.
            throw .invalid(key: key, value: node.summary, reason: String(describing: error))
        }
    }

    /// Every key of the tree that no decoding asked for.
    func unknownKeys() -> [ConfigError] {
        ConfigTreeDecoder.unknownKeys(in: root, path: [], visited: state.visited)
    }
}

extension KeyedDecodingContainer {
    /// The value under `key`, or `value` when the key is absent or null.
    public func decode<T: Decodable>(_ key: Key, default value: @autoclosure () -> T) throws -> T {
        try decodeIfPresent(T.self, forKey: key) ?? value()
    }
}
