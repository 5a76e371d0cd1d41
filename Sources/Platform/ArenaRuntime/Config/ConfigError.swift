/// Why a configuration was refused at start. Every case names the key.
///
/// Values are shown in messages so that an operator sees what was wrong, except
/// for keys that look like secrets (see ``LogRedaction``): build such errors
/// with ``invalidValue(key:value:reason:)``, which masks the value before it is
/// stored, so that not even `dump(error)` can print a secret.
public enum ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(path: String, reason: String)
    /// The file is not valid YAML.
    case syntax(path: String, reason: String)
    /// A required key is absent.
    case missing(key: String)
    /// A key that no setting has (usually a typo).
    case unknownKey(key: String)
    /// A value of the wrong type or outside its allowed range.
    case invalid(key: String, value: String, reason: String)
    /// A problem that an `ARENA_…` environment variable caused; `problem` names the key it set.
    indirect case environment(variable: String, problem: ConfigError)
    /// Several independent problems, reported together so that one start shows all of them.
    case several([ConfigError])

    /// A one-line description for logs and messages.
    public var description: String {
        switch self {
        case let .unreadable(path, reason): "configuration file \(path) cannot be read: \(reason)"
        case let .syntax(path, reason): "configuration file \(path) is not valid YAML: \(reason)"
        case let .missing(key): "\(key): required but missing"
        case let .unknownKey(key): "\(key): not a known setting (misspelt, or not supported here)"
        case let .invalid(key, value, reason): "\(key): \(reason), got \"\(value)\""
        case let .environment(variable, problem): "environment variable \(variable): \(problem)"
        case let .several(problems):
            "\(problems.count) configuration problems:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
        }
    }

    /// An ``invalid(key:value:reason:)`` error whose value is masked when `key` names a secret.
    public static func invalidValue(key: String, value: String, reason: String) -> ConfigError {
        .invalid(key: key, value: LogRedaction.isSensitive(key: key) ? LogRedaction.mask : value, reason: reason)
    }

    /// The individual problems, with ``several(_:)`` flattened.
    public var problems: [ConfigError] {
        if case let .several(list) = self { return list.flatMap(\.problems) }
        return [self]
    }

    /// `nil` for no problems, the problem itself for one, ``several(_:)`` for more.
    public static func combining(_ problems: [ConfigError]) -> ConfigError? {
        let flat = problems.flatMap(\.problems)
        switch flat.count {
        case 0: return nil
        case 1: return flat[0]
        default: return .several(flat)
        }
    }
}
