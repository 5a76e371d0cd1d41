/// Which keys the decoded types asked for during one decoding, so that the
/// keys nobody asked for can be reported as unknown afterwards.
///
/// A reference type because every container of one decoding shares it;
/// decoding is synchronous and single-threaded, so it needs no lock.
final class ConfigDecodingState {
    var visited: Set<String> = []
}

/// A coding key for list positions and for keys chosen at run time.
struct ConfigCodingKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }

    /// List positions render as `[i]`, which ``ConfigKeyPath`` attaches to the list's key.
    init(intValue: Int) {
        stringValue = "[\(intValue)]"
        self.intValue = intValue
    }
}

/// A `Decoder` over a ``ConfigNode`` tree whose errors are ``ConfigError``s
/// that name the full dotted key (and the environment variable, when one set
/// the value).
struct ConfigTreeDecoder: Decoder {
    let node: ConfigNode
    let codingPath: [any CodingKey]
    let state: ConfigDecodingState

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// The dotted key of this node.
    var key: String { ConfigKeyPath.render(codingPath) }

    /// Decodes `T` at this node: scalars by their ``ConfigScalar`` parser,
    /// everything else by its own `init(from:)`, translating any
    /// `DecodingError` it throws into a ``ConfigError`` naming the key.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if let scalarType = T.self as? any ConfigScalar.Type {
            return try decodeScalar(scalarType, as: T.self)
        }
        do {
            return try T(from: self)
        } catch let error as ConfigError {
            throw error
        } catch let error as DecodingError {
            throw translate(error)
        } catch {
            throw attributed(.invalidValue(key: key, value: node.summary, reason: String(describing: error)))
        }
    }

    private func decodeScalar<S: ConfigScalar, T>(_ scalarType: S.Type, as _: T.Type) throws -> T {
        guard case let .scalar(text) = node.value else { throw mismatch(expected: S.expectation) }
        let parsed: S
        do { parsed = try S.parse(configText: text) } catch {
            throw attributed(.invalidValue(key: key, value: error.shownValue ?? text, reason: error.reason))
        }
        guard let typed = parsed as? T else {
            // Unreachable: `S` is `T` opened from an existential.
            throw attributed(.invalidValue(key: key, value: text, reason: "cannot be read as \(T.self)"))
        }
        return typed
    }

    /// The error for a node of the wrong shape: `expected an integer, got "a list of 2"`.
    func mismatch(expected: String) -> ConfigError {
        attributed(.invalidValue(key: key, value: node.summary, reason: "expected \(expected)"))
    }

    /// Wraps `problem` with the environment variable that set this node, if one did.
    func attributed(_ problem: ConfigError) -> ConfigError {
        guard case let .environment(variable) = node.origin else { return problem }
        return .environment(variable: variable, problem: problem)
    }

    /// A decoder for `child` under `key`.
    func child(_ child: ConfigNode, key: any CodingKey) -> ConfigTreeDecoder {
        ConfigTreeDecoder(node: child, codingPath: codingPath + [key], state: state)
    }

    private func translate(_ error: DecodingError) -> ConfigError {
        switch error {
        case let .keyNotFound(missing, context):
            return attributed(.missing(key: ConfigKeyPath.render(context.codingPath + [missing])))
        case let .dataCorrupted(context), let .typeMismatch(_, context), let .valueNotFound(_, context):
            let location = context.codingPath.isEmpty ? key : ConfigKeyPath.render(context.codingPath)
            return attributed(.invalidValue(key: location, value: node.summary, reason: context.debugDescription))
        @unknown default:
            return attributed(.invalidValue(key: key, value: node.summary, reason: String(describing: error)))
        }
    }

    func container<Key: CodingKey>(keyedBy _: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case let .mapping(entries) = node.value else { throw mismatch(expected: "a mapping") }
        return KeyedDecodingContainer(ConfigKeyedContainer<Key>(decoder: self, entries: entries))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case let .sequence(items) = node.value else { throw mismatch(expected: "a list") }
        return ConfigUnkeyedContainer(decoder: self, items: items)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        ConfigSingleValueContainer(decoder: self)
    }
}

extension ConfigTreeDecoder {
    /// Every key under `node` that the decoding did not ask for, as errors;
    /// below an unknown key nothing more is reported (its children are unknown by implication).
    static func unknownKeys(in node: ConfigNode, path: [String], visited: Set<String>) -> [ConfigError] {
        switch node.value {
        case .null, .scalar:
            return []
        case let .sequence(items):
            return items.enumerated().flatMap { index, item in
                unknownKeys(in: item, path: path + ["[\(index)]"], visited: visited)
            }
        case let .mapping(entries):
            return entries.flatMap { entry -> [ConfigError] in
                let childPath = path + [entry.key]
                let key = ConfigKeyPath.join(childPath)
                guard visited.contains(key) else {
                    if case let .environment(variable) = entry.node.origin {
                        return [.environment(variable: variable, problem: .unknownKey(key: key))]
                    }
                    return [.unknownKey(key: key)]
                }
                return unknownKeys(in: entry.node, path: childPath, visited: visited)
            }
        }
    }
}
