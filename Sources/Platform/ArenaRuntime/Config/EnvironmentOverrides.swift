/// Applies environment variables to the configuration tree.
///
/// The rule: a key path upper-cased, segments joined by `__`, prefixed with
/// `ARENA_`. `bus.high_water_mark` ← `ARENA_BUS__HIGH_WATER_MARK`,
/// `services.gateway.http_port` ← `ARENA_SERVICES__GATEWAY__HTTP_PORT`.
/// The value is parsed as YAML, so `8080` is an integer, `true` a boolean and
/// `[a, b]` a list; a value replaces the node at its path (and everything
/// under it). Values of secret keys (see ``LogRedaction/isSensitive(key:)``)
/// are taken verbatim, because secrets such as Z85 CURVE keys are full of
/// characters that YAML would reinterpret.
///
/// An override of a key that no setting has is refused, not ignored: the
/// decoder reports it as unknown and names the variable.
public enum EnvironmentOverrides {
    /// The prefix of every override variable.
    public static let prefix = "ARENA_"

    /// `ARENA_` variables that are not overrides: `ARENA_CONFIG` names the configuration file,
    /// `ARENA_PARENT_PID` the supervisor a service stops without (``ParentWatch``).
    public static let reserved: Set<String> = ["ARENA_CONFIG", "ARENA_PARENT_PID"]

    /// Variables outside the `ARENA_` namespace that set a key. The spec (§7)
    /// names `TRADING_ENABLED` as the live-trading switch, so it is honoured
    /// with the same meaning as `ARENA_ARENA__TRADING_ENABLED`.
    public static let aliases: [String: String] = ["TRADING_ENABLED": "arena.trading_enabled"]

    /// The variable that overrides the dotted `key`.
    public static func variable(forKey key: String) -> String {
        prefix + key.split(separator: ".").map { $0.uppercased() }.joined(separator: "__")
    }

    /// The key path that `variable` sets: `nil` if it is not an override at all,
    /// an error if it has the prefix but is malformed.
    static func keyPath(forVariable variable: String) throws(ConfigError) -> [String]? {
        if let alias = aliases[variable] { return alias.split(separator: ".").map(String.init) }
        guard variable.hasPrefix(prefix), !reserved.contains(variable) else { return nil }
        let body = variable.dropFirst(prefix.count)
        let segments = body.split(separator: "__", omittingEmptySubsequences: false)
        for segment in segments where !isWellFormed(segment) {
            throw .environment(variable: variable, problem: .invalid(
                key: variable, value: String(segment),
                reason: "names a key by upper-case words joined with _, key segments separated by __ (for example ARENA_BUS__HIGH_WATER_MARK)"
            ))
        }
        return segments.map { $0.lowercased() }
    }

    /// An upper-case word or words joined by single underscores.
    private static func isWellFormed(_ segment: Substring) -> Bool {
        guard let first = segment.first, let last = segment.last, first != "_", last != "_" else { return false }
        guard !segment.contains("__") else { return false }
        return segment.utf8.allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }
    }

    /// Applies every override in `environment` to `root`, reporting all bad variables at once.
    static func apply(_ environment: [String: String], to root: inout ConfigNode) throws(ConfigError) {
        var problems: [ConfigError] = []
        var overrides: [(variable: String, path: [String])] = []
        // Sorted, so that problems are reported in the same order on every run.
        for variable in environment.keys.sorted() {
            do {
                if let path = try keyPath(forVariable: variable) { overrides.append((variable, path)) }
            } catch { problems.append(error) }
        }
        problems += aliasConflicts(in: environment)
        // Parents before children, so that ARENA_BUS__CURVE={…} and
        // ARENA_BUS__CURVE__ENABLED=true combine the same way on every run.
        overrides.sort { ($0.path.count, $0.variable) < ($1.path.count, $1.variable) }
        for (variable, path) in overrides {
            do {
                let node = try parseValue(environment[variable] ?? "", variable: variable, path: path)
                try set(node, at: path[...], in: &root, walked: [], variable: variable)
            } catch { problems.append(error) }
        }
        if let error = ConfigError.combining(problems) { throw error }
    }

    /// An alias and the `ARENA_` variable for the same key must not disagree.
    private static func aliasConflicts(in environment: [String: String]) -> [ConfigError] {
        aliases.sorted { $0.key < $1.key }.compactMap { alias, key in
            let canonical = variable(forKey: key)
            guard let a = environment[alias], let b = environment[canonical], a != b else { return nil }
            return .environment(variable: alias, problem: .invalidValue(
                key: key, value: a, reason: "conflicts with \(canonical)=\(b); set only one"
            ))
        }
    }

    private static func parseValue(_ text: String, variable: String, path: [String]) throws(ConfigError) -> ConfigNode {
        let origin = ConfigOrigin.environment(variable)
        let key = ConfigKeyPath.join(path)
        if LogRedaction.isSensitive(key: key) { return ConfigNode(value: .scalar(text), origin: origin) }
        do {
            return try ConfigNode.parse(yaml: text, origin: origin, path: path, empty: .null)
        } catch let .syntax(_, detail) {
            throw .environment(variable: variable, problem: .invalidValue(key: key, value: text, reason: "is not a YAML value (\(detail))"))
        } catch {
            throw .environment(variable: variable, problem: error)
        }
    }

    /// Replaces the node at `path`, creating mappings on the way; a scalar or
    /// list on the way is an error rather than silently replaced.
    private static func set(
        _ node: ConfigNode, at path: ArraySlice<String>, in tree: inout ConfigNode, walked: [String], variable: String
    ) throws(ConfigError) {
        guard let key = path.first else {
            tree = node
            return
        }
        var entries: [ConfigNode.Entry]
        switch tree.value {
        case let .mapping(existing): entries = existing
        case .null: entries = []
        case .scalar, .sequence:
            throw .environment(variable: variable, problem: .invalidValue(
                key: ConfigKeyPath.join(walked), value: tree.summary,
                reason: "is not a mapping, so \(ConfigKeyPath.join(walked + Array(path))) cannot be set under it"
            ))
        }
        let index: Int
        if let found = entries.firstIndex(where: { $0.key == key }) {
            index = found
        } else {
            entries.append(ConfigNode.Entry(key: key, node: ConfigNode(value: .null, origin: .environment(variable))))
            index = entries.count - 1
        }
        try set(node, at: path.dropFirst(), in: &entries[index].node, walked: walked + [key], variable: variable)
        tree.value = .mapping(entries)
    }
}
