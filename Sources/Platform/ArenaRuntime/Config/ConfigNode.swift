import Yams

/// Where a configuration value came from, so that errors can name the
/// environment variable that set a bad value rather than only the key.
enum ConfigOrigin: Sendable, Equatable {
    /// Written in the configuration file (or text) with this name.
    case file(String)
    /// Set by this environment variable.
    case environment(String)
}

/// The configuration as a small untyped tree: YAML after parsing and before typing.
///
/// Keeping an intermediate tree (rather than decoding YAML straight into the
/// structs) is what lets environment overrides be applied by key path and lets
/// the decoder report unknown keys and the origin of every value.
struct ConfigNode: Sendable, Equatable {
    /// The shape of a node.
    enum Value: Sendable, Equatable {
        /// `~`, `null` or nothing.
        case null
        /// Any scalar, as written; typing happens in the decoder.
        case scalar(String)
        /// A YAML sequence.
        case sequence([ConfigNode])
        /// A YAML mapping, in file order.
        case mapping([Entry])
    }

    /// One key of a mapping.
    struct Entry: Sendable, Equatable {
        var key: String
        var node: ConfigNode
    }

    var value: Value
    var origin: ConfigOrigin

    /// The node under `key` if this is a mapping that has it.
    func child(_ key: String) -> ConfigNode? {
        guard case let .mapping(entries) = value else { return nil }
        return entries.first { $0.key == key }?.node
    }

    /// A short rendering for error messages: the scalar itself, or the shape.
    var summary: String {
        switch value {
        case .null: return "null"
        case let .scalar(text): return text.count > 80 ? String(text.prefix(77)) + "..." : text
        case let .sequence(items): return "a list of \(items.count)"
        case let .mapping(entries): return "a mapping of \(entries.count) keys"
        }
    }

    /// What kind of node this is, for "expected …, got …" messages.
    var kindName: String {
        switch value {
        case .null: "null"
        case .scalar: "a scalar"
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }
}

extension ConfigNode {
    /// The tree with every value under a secret-looking key (see
    /// ``LogRedaction/isSensitive(key:)``) replaced by the mask, so a tree kept
    /// after loading can be printed or dumped without revealing a secret.
    func redactingSecrets() -> ConfigNode {
        switch value {
        case .null, .scalar: return self
        case let .sequence(items): return ConfigNode(value: .sequence(items.map { $0.redactingSecrets() }), origin: origin)
        case let .mapping(entries):
            return ConfigNode(value: .mapping(entries.map { entry in
                guard LogRedaction.isSensitive(key: entry.key) else { return Entry(key: entry.key, node: entry.node.redactingSecrets()) }
                return Entry(key: entry.key, node: ConfigNode(value: .scalar(LogRedaction.mask), origin: entry.node.origin))
            }), origin: origin)
        }
    }

    /// Parses one YAML document found at `path` (the root for a file, the
    /// overridden key for a variable); `empty` is what a document with no
    /// content becomes (an empty file is an empty mapping, so that it reports
    /// the missing keys; an empty environment variable is null).
    static func parse(
        yaml: String, origin: ConfigOrigin, path: [String] = [], empty: Value = .mapping([])
    ) throws(ConfigError) -> ConfigNode {
        let source: String
        switch origin {
        case let .file(name): source = name
        case let .environment(variable): source = "environment variable \(variable)"
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let YamlError.duplicatedKeysInMapping(duplicates, context) {
            // Yams's own message repeats the whole document; the key and line are what matter.
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            throw .syntax(path: source, reason: "line \(context.mark.line): \(keys) appears more than once in the same mapping")
        } catch {
            throw .syntax(path: source, reason: String(describing: error))
        }
        guard let root else { return ConfigNode(value: empty, origin: origin) }
        return try ConfigNode(yaml: root, path: path, origin: origin)
    }

    /// Converts a Yams node, refusing non-scalar mapping keys. (Duplicate keys
    /// never get here: Yams refuses them while composing.)
    init(yaml node: Node, path: [String], origin: ConfigOrigin) throws(ConfigError) {
        self.origin = origin
        switch node {
        case let .scalar(scalar):
            value = Self.isNull(scalar) ? .null : .scalar(scalar.string)
        case let .sequence(sequence):
            var items: [ConfigNode] = []
            for (index, item) in sequence.enumerated() {
                items.append(try ConfigNode(yaml: item, path: path + ["[\(index)]"], origin: origin))
            }
            value = .sequence(items)
        case let .mapping(mapping):
            var entries: [Entry] = []
            for (keyNode, valueNode) in mapping {
                guard case let .scalar(keyScalar) = keyNode else {
                    throw .invalid(key: ConfigKeyPath.join(path), value: "a non-scalar key", reason: "mapping keys must be plain names")
                }
                let key = keyScalar.string
                entries.append(Entry(key: key, node: try ConfigNode(yaml: valueNode, path: path + [key], origin: origin)))
            }
            value = .mapping(entries)
        case .alias:
            // Yams resolves aliases while composing; one left here points at nothing.
            throw .invalid(key: ConfigKeyPath.join(path), value: "an alias", reason: "unresolved YAML alias")
        }
    }

    /// YAML 1.2 core schema nulls, only when written plain (`"null"` is a string).
    private static func isNull(_ scalar: Node.Scalar) -> Bool {
        guard scalar.style == .plain || scalar.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }
}

/// Renders coding paths and key lists as the dotted keys that errors show:
/// `services.gateway.pub`, `peers[2].host`.
enum ConfigKeyPath {
    /// Joins path segments; `[i]` segments attach to the previous one.
    static func join(_ segments: [String]) -> String {
        var result = ""
        for segment in segments {
            if segment.hasPrefix("[") || result.isEmpty {
                result += segment
            } else {
                result += "." + segment
            }
        }
        return result.isEmpty ? "(root)" : result
    }

    /// The dotted key of a `Codable` coding path.
    static func render(_ codingPath: [any CodingKey]) -> String {
        join(codingPath.map { key in key.intValue.map { "[\($0)]" } ?? key.stringValue })
    }
}
