import ArenaStore
/// `store.url` is ArenaStore's ``StoreURL``: one parser for configuration
/// and for opening the store, so they cannot disagree. Configuration adds one
/// rule: the URL must not carry a password (secrets live in files or the
/// environment, never in the configuration file).
extension StoreURL: ConfigScalar {
    public static var expectation: String { "sqlite:<path> or postgres://user@host:port/database" }

    public static func parse(configText text: String) throws(ConfigScalarRejection) -> StoreURL {
        let url: StoreURL
        do { url = try StoreURL(parsing: text) } catch {
            if case let .invalidURL(shown, reason) = error { throw ConfigScalarRejection(reason, shownValue: shown) }
            throw ConfigScalarRejection(error.description)
        }
        if case let .postgres(postgres) = url, postgres.hasPassword {
            throw ConfigScalarRejection(
                "must not contain a password; use store.password_file or ARENA_STORE__PASSWORD", shownValue: url.description
            )
        }
        return url
    }
}

/// The `store` section.
public struct StoreConfig: Sendable, Equatable, Decodable {
    /// `store.url` (required).
    public var url: StoreURL
    /// The PostgreSQL password, from `store.password_file` or `ARENA_STORE__PASSWORD`.
    public var password: Secret?

    /// A store section.
    public init(url: StoreURL, password: Secret? = nil) {
        self.url = url
        self.password = password
    }

    enum CodingKeys: String, CodingKey {
        case url, password
        case passwordFile = "password_file"
    }

    /// Decodes the section; absent keys take the documented defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            url: try c.decode(StoreURL.self, forKey: .url),
            password: try c.decodeSecret(.password, file: .passwordFile)
        )
    }

    func validate(into problems: inout ConfigProblems) {
        // A password next to a SQLite file would be ignored; saying so beats
        // letting the operator believe the file is protected.
        if case .sqlite = url, let password {
            problems.add(.invalid(key: "store.password", value: LogRedaction.mask, reason: "a SQLite store takes no password (given by \(password.source))"))
        }
    }
}
