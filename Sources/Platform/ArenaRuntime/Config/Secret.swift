/// A secret setting (a CURVE secret key, a database password): its value never
/// appears in descriptions, debug output, mirrors or logs.
///
/// Secrets never live in the configuration file. A secret setting `x` is
/// given either as `x_file` in the file (a path, for mounted secrets: Docker
/// and Kubernetes) or as the environment variable that the override rule
/// gives for `x` (`ARENA_STORE__PASSWORD` for `store.password`). Writing `x`
/// itself in the file is an error. Secret keys are named so that
/// ``LogRedaction/isSensitive(key:)`` holds, which is also what makes the
/// override layer take their values verbatim.
public struct Secret: Sendable, Equatable, Decodable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// Where a secret was read from; safe to log.
    public enum Source: Sendable, Equatable, CustomStringConvertible {
        /// A mounted file.
        case file(path: String)
        /// An environment variable.
        case environment(variable: String)

        /// A one-line description for logs and messages.
        public var description: String {
            switch self {
            case let .file(path): "file \(path)"
            case let .environment(variable): "environment variable \(variable)"
            }
        }
    }

    /// Where the value came from.
    public let source: Source
    private let value: String

    /// A secret with `value`, for tests and for secrets obtained elsewhere.
    public init(_ value: String, source: Source) {
        self.value = value
        self.source = source
    }

    /// The secret itself. Named so that every use stands out in review.
    public func reveal() -> String { value }

    /// A one-line description for logs and messages.
    public var description: String { "\(LogRedaction.mask) (from \(source))" }
    /// The same masked text as ``description``.
    public var debugDescription: String { description }
    /// A mirror without the value, so `dump` cannot print the secret.
    public var customMirror: Mirror { Mirror(self, children: ["source": source]) }

    /// Decodes the environment form. Only ``ConfigLoader`` can provide it,
    /// because only its decoder knows whether the value came from the file
    /// (refused) or from an environment variable.
    public init(from decoder: any Decoder) throws {
        guard let tree = decoder as? ConfigTreeDecoder else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath, debugDescription: "a secret is read only from the arena configuration"
            ))
        }
        let key = tree.key
        guard LogRedaction.isSensitive(key: key) else {
            // A schema mistake, not user input: the value would be logged unmasked.
            throw ConfigError.invalid(key: key, value: LogRedaction.mask, reason: "is declared secret but its name would not be redacted")
        }
        guard case let .environment(variable) = tree.node.origin else {
            throw ConfigError.invalidValue(
                key: key, value: "",
                reason: "secrets never live in the configuration file; set \(EnvironmentOverrides.variable(forKey: key)) or \(key)_file"
            )
        }
        guard case let .scalar(text) = tree.node.value, !text.isEmpty else {
            throw tree.attributed(.invalidValue(key: key, value: "", reason: "must not be empty"))
        }
        self.init(text, source: .environment(variable: variable))
    }

    /// Reads a mounted secret; surrounding whitespace (the newline that
    /// `echo` and most editors add) is not part of it.
    static func read(file path: String, key: String) throws(ConfigError) -> Secret {
        let text: String
        do { text = try TextFile.contents(of: path) } catch {
            throw .invalid(key: key, value: path, reason: "cannot be read (\(error.reason))")
        }
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw .invalid(key: key, value: path, reason: "the file is empty") }
        return Secret(trimmed, source: .file(path: path))
    }
}

/// The `x_file` form of a secret: a path, read when the configuration loads
/// so that a missing mount fails at start, naming the key (and the variable,
/// if one set the path).
struct SecretFile: Decodable {
    let path: String
    let secret: Secret

    init(from decoder: any Decoder) throws {
        path = try decoder.singleValueContainer().decode(String.self)
        do {
            secret = try Secret.read(file: path, key: ConfigKeyPath.render(decoder.codingPath))
        } catch {
            throw (decoder as? ConfigTreeDecoder)?.attributed(error) ?? error
        }
    }
}

extension KeyedDecodingContainer {
    /// Decodes a secret given either as `file` (a path) or as `inline` (from
    /// the environment only); both at once is an error.
    public func decodeSecret(_ inline: Key, file: Key) throws -> Secret? {
        let fromEnvironment = try decodeIfPresent(Secret.self, forKey: inline)
        let fromFile = try decodeIfPresent(SecretFile.self, forKey: file)
        if let fromEnvironment, let fromFile {
            throw ConfigError.invalid(
                key: ConfigKeyPath.render(codingPath + [file]), value: fromFile.path,
                reason: "conflicts with the secret from \(fromEnvironment.source); set only one"
            )
        }
        return fromEnvironment ?? fromFile?.secret
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and line breaks.
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0.isNewline }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}
