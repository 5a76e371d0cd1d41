/// Where the system of record lives: an embedded SQLite file (the local run's
/// default) or a PostgreSQL server.
public enum StoreLocation: Sendable, Hashable, CustomStringConvertible, Codable, ConfigScalar {
    /// `sqlite:<path>`; `sqlite::memory:` is an in-memory database.
    case sqlite(path: String)
    /// `postgres://user@host:port/database` (or `postgresql://`), never with a password in it.
    case postgres(url: String)

    /// Parses `text`. A URL carrying a password is refused (and the password
    /// is masked in the message): secrets come from `store.password_file` or
    /// `ARENA_STORE__PASSWORD`, never from the file.
    public init(_ text: String) throws(ConfigScalarRejection) {
        if let path = text.dropPrefix("sqlite:") {
            guard !path.isEmpty, !path.hasPrefix("//") else {
                throw ConfigScalarRejection("a SQLite store is written sqlite:<path>, for example sqlite:var/arena.sqlite")
            }
            self = .sqlite(path: String(path))
            return
        }
        guard let rest = text.dropPrefix("postgres://") ?? text.dropPrefix("postgresql://") else {
            throw ConfigScalarRejection("expected \(Self.expectation)")
        }
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        guard !authority.isEmpty, !authority.hasSuffix("@") else {
            throw ConfigScalarRejection("a PostgreSQL URL needs a host: postgres://user@host:5432/arena")
        }
        if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
            let masked = String(text[...colon]) + LogRedaction.mask + String(text[at...])
            throw ConfigScalarRejection(
                "must not contain a password; use store.password_file or ARENA_STORE__PASSWORD", shownValue: masked
            )
        }
        self = .postgres(url: text)
    }

    /// A one-line description for logs and messages.
    public var description: String {
        switch self {
        case let .sqlite(path): "sqlite:\(path)"
        case let .postgres(url): url
        }
    }

    /// What a valid value looks like, for error messages.
    public static var expectation: String { "sqlite:<path> or postgres://user@host:port/database" }

    /// Parses the scalar text as written in the configuration.
    public static func parse(configText text: String) throws(ConfigScalarRejection) -> StoreLocation {
        try StoreLocation(text)
    }

    /// Decodes the text form.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        do { self = try StoreLocation(try container.decode(String.self)) } catch let error as ConfigScalarRejection {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.reason)
        }
    }

    /// Encodes the text form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// The `store` section.
public struct StoreConfig: Sendable, Equatable, Decodable {
    /// `store.url` (required).
    public var url: StoreLocation
    /// The PostgreSQL password, from `store.password_file` or `ARENA_STORE__PASSWORD`.
    public var password: Secret?

    /// A store section.
    public init(url: StoreLocation, password: Secret? = nil) {
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
            url: try c.decode(StoreLocation.self, forKey: .url),
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
