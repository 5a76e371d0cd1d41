/// A parsed `postgres://user[:password]@host[:port]/db[?param=value&…]` URL.
///
/// Parsed here rather than handed to libpq as text so that every mistake
/// gets a specific reason before any connection attempt, and so that the
/// password can be kept out of every message (``description`` masks it).
public struct PostgresURL: Sendable, Hashable, CustomStringConvertible {
    /// One libpq connection parameter from the URL's query (`sslmode`,
    /// `connect_timeout`, `application_name`, `options`, …).
    public struct Parameter: Sendable, Hashable {
        /// The libpq keyword.
        public let name: String
        /// Its value, percent-decoded.
        public let value: String
    }

    /// The role to log in as; nil lets libpq use the operating-system user.
    public let user: String?
    /// The password, if the URL carried one; deliberately not public.
    private(set) var password: String?

    /// Whether the URL carried a password (without revealing it).
    public var hasPassword: Bool { password != nil }

    /// The same URL with `password`, for a password kept out of the URL
    /// (a mounted secret file or the environment).
    public func withPassword(_ password: String) -> PostgresURL {
        var copy = self
        copy.password = password
        return copy
    }
    /// Host name, IP address, or (starting with `/`) a Unix-socket directory.
    public let host: String
    /// TCP port (default 5432).
    public let port: Int
    /// The database name.
    public let database: String
    /// libpq parameters from the query, in URL order (a `password` parameter
    /// is moved to the password and never listed).
    public let parameters: [Parameter]

    /// Parameters that the URL's own parts set, or that the driver must
    /// control (results are decoded as UTF-8).
    private static let reservedParameters: Set<String> = ["host", "hostaddr", "port", "dbname", "user", "client_encoding"]
    private static let sslModes: Set<String> = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"]

    /// Parses a `postgres://` or `postgresql://` URL; throws
    /// ``StoreError/invalidURL(_:reason:)`` with the password masked.
    public init(parsing text: String) throws(StoreError) {
        let shown = URLText.redact(text)
        func invalid(_ reason: String) -> StoreError { .invalidURL(shown, reason: reason) }

        guard let schemeEnd = text.range(of: "://") else { throw invalid("missing ://") }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "postgres" || scheme == "postgresql" else { throw invalid("the scheme must be postgres or postgresql") }
        if text.contains("#") { throw invalid("a fragment (#…) is not allowed; percent-encode # as %23") }

        var rest = text[schemeEnd.upperBound...]
        // Like libpq: the user info ends at the first @ that comes before any /.
        var user: String?
        var password: String?
        if let at = rest.firstIndex(where: { $0 == "@" || $0 == "/" }), rest[at] == "@" {
            let info = rest[..<at]
            let namePart = info.prefix { $0 != ":" }
            guard let name = URLText.percentDecoded(namePart) else { throw invalid("bad percent-encoding in the user name") }
            user = name.isEmpty ? nil : name
            if namePart.endIndex < info.endIndex {
                guard let secret = URLText.percentDecoded(info[info.index(after: namePart.endIndex)...]) else {
                    throw invalid("bad percent-encoding in the password")
                }
                password = secret
            }
            rest = rest[rest.index(after: at)...]
        }

        let query: Substring?
        if let q = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: q)...]
            rest = rest[..<q]
        } else {
            query = nil
        }
        guard let slash = rest.firstIndex(of: "/") else {
            throw invalid("missing database name; write postgres://user@host:port/DATABASE")
        }
        (host, port) = try Self.hostAndPort(rest[..<slash], invalid)

        let path = rest[rest.index(after: slash)...]
        guard let db = URLText.percentDecoded(path) else { throw invalid("bad percent-encoding in the database name") }
        guard !db.isEmpty else { throw invalid("missing database name; write postgres://user@host:port/DATABASE") }
        guard !db.contains("/") else { throw invalid("the database name \(db) contains /") }
        database = db

        var parameters: [Parameter] = []
        for pair in query?.split(separator: "&") ?? [] {
            guard let eq = pair.firstIndex(of: "="),
                  let name = URLText.percentDecoded(pair[..<eq]),
                  let value = URLText.percentDecoded(pair[pair.index(after: eq)...]) else {
                throw invalid("query parameter \(URLText.redact(String(pair))) is not name=value with valid percent-encoding")
            }
            if name == "password" {
                guard password == nil else { throw invalid("the password is given twice") }
                password = value
                continue
            }
            try Self.check(name: name, value: value, seen: parameters, invalid)
            parameters.append(Parameter(name: name, value: value))
        }
        self.user = user
        self.password = password
        self.parameters = parameters
    }

    private static func hostAndPort(
        _ authority: Substring, _ invalid: (String) -> StoreError
    ) throws(StoreError) -> (String, Int) {
        var hostPart = authority
        var portPart: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw invalid("unterminated [IPv6] host") }
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw invalid("unexpected text after the [IPv6] host") }
                portPart = after.dropFirst()
            }
        } else if let colon = authority.firstIndex(of: ":") {
            hostPart = authority[..<colon]
            portPart = authority[authority.index(after: colon)...]
        }
        if hostPart.contains(",") { throw invalid("several hosts are not supported") }
        guard let host = URLText.percentDecoded(hostPart) else { throw invalid("bad percent-encoding in the host") }
        guard !host.isEmpty else { throw invalid("missing host; write postgres://user@HOST:port/db") }
        guard let portText = portPart else { return (host, 5432) }
        guard !portText.isEmpty, portText.allSatisfy(\.isASCII), let port = Int(portText), (1...65_535).contains(port) else {
            throw invalid("port \"\(portText)\" is not a number from 1 to 65535")
        }
        return (host, port)
    }

    private static func check(
        name: String, value: String, seen: [Parameter], _ invalid: (String) -> StoreError
    ) throws(StoreError) {
        if reservedParameters.contains(name) {
            throw invalid(name == "client_encoding"
                ? "client_encoding is always UTF8 and cannot be changed"
                : "\(name) is part of the URL itself, not a query parameter")
        }
        guard PostgresKeywords.isKnown(name) else { throw invalid("unknown connection parameter \(name)") }
        if seen.contains(where: { $0.name == name }) { throw invalid("parameter \(name) is given twice") }
        if name == "sslmode", !sslModes.contains(value) {
            throw invalid("sslmode \(value) is not one of \(sslModes.sorted().joined(separator: ", "))")
        }
    }

    /// The URL with the password masked.
    public var description: String {
        var text = "postgres://"
        if let user { text += URLText.percentEncoded(user) + (password == nil ? "" : ":***") + "@" }
        text += host.contains(":") ? "[\(host)]" : URLText.percentEncoded(host)
        text += ":\(port)/\(URLText.percentEncoded(database))"
        if !parameters.isEmpty {
            text += "?" + parameters.map { p in
                URLText.percentEncoded(p.name) + "=" + (URLText.secretParameters.contains(p.name) ? "***" : URLText.percentEncoded(p.value))
            }.joined(separator: "&")
        }
        return text
    }

    /// libpq keyword/value pairs for `PQconnectdbParams`, with the driver's
    /// fixed settings: UTF-8, an application name, and a connect timeout
    /// (without one a silently dropped SYN waits minutes).
    var connectionParameters: [(String, String)] {
        var pairs: [(String, String)] = [("host", host), ("port", String(port)), ("dbname", database)]
        if let user { pairs.append(("user", user)) }
        if let password { pairs.append(("password", password)) }
        pairs.append(("client_encoding", "UTF8"))
        pairs.append(("fallback_application_name", "arena"))
        if !parameters.contains(where: { $0.name == "connect_timeout" }) { pairs.append(("connect_timeout", "10")) }
        pairs += parameters.map { ($0.name, $0.value) }
        return pairs
    }
}
