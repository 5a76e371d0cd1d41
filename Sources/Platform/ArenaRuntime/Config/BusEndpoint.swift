/// A ZeroMQ endpoint as written in the configuration: `tcp://host:port`,
/// `ipc://path` or `inproc://name`. It is both where the owning service binds
/// and where its peers connect.
///
/// Parsed when the configuration loads, so that a typo fails at start with the
/// key named rather than when the first socket binds.
public enum BusEndpoint: Sendable, Hashable, CustomStringConvertible, Codable, ConfigScalar {
    /// TCP on `host` (`*`, an IPv4 address, a host name or a bracketed IPv6 address) and `port`.
    case tcp(host: String, port: Int)
    /// A Unix domain socket at `path`.
    case ipc(path: String)
    /// An in-process transport named `name` (tests and single-process runs).
    case inproc(name: String)

    /// The longest Unix socket path Linux accepts (`sun_path` less the terminator).
    public static let maximumIPCPathLength = 107

    /// Parses `text`, or throws a rejection that says what is wrong with it.
    public init(_ text: String) throws(ConfigScalarRejection) {
        if let rest = text.dropPrefix("tcp://") {
            self = try Self.parseTCP(rest)
        } else if let path = text.dropPrefix("ipc://") {
            guard !path.isEmpty else { throw ConfigScalarRejection("an ipc endpoint needs a path: ipc://path") }
            guard path.utf8.count <= Self.maximumIPCPathLength else {
                throw ConfigScalarRejection("an ipc path is at most \(Self.maximumIPCPathLength) bytes")
            }
            self = .ipc(path: String(path))
        } else if let name = text.dropPrefix("inproc://") {
            guard !name.isEmpty else { throw ConfigScalarRejection("an inproc endpoint needs a name: inproc://name") }
            self = .inproc(name: String(name))
        } else {
            throw ConfigScalarRejection("expected \(Self.expectation)")
        }
    }

    private static func parseTCP(_ rest: Substring) throws(ConfigScalarRejection) -> BusEndpoint {
        guard let colon = rest.lastIndex(of: ":") else {
            throw ConfigScalarRejection("a tcp endpoint needs a port: tcp://host:port")
        }
        let host = rest[..<colon]
        let portText = rest[rest.index(after: colon)...]
        guard let port = Int(portText), (1...65_535).contains(port), portText.allSatisfy(\.isASCII) else {
            throw ConfigScalarRejection("the port of a tcp endpoint must be between 1 and 65535")
        }
        guard isValidHost(host) else {
            throw ConfigScalarRejection("the host of a tcp endpoint must be *, an IP address or a host name")
        }
        return .tcp(host: String(host), port: port)
    }

    /// `*`, a name or dotted address of letters, digits, `-` and `.`, or `[v6]`.
    static func isValidHost(_ host: Substring) -> Bool {
        if host == "*" { return true }
        if host.hasPrefix("[") && host.hasSuffix("]") {
            let inner = host.dropFirst().dropLast()
            return !inner.isEmpty && inner.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
        }
        guard let first = host.first, let last = host.last, first != "-", first != ".", last != "-" else { return false }
        return host.utf8.count <= 253
            && host.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }
    }

    /// A one-line description for logs and messages.
    public var description: String {
        switch self {
        case let .tcp(host, port): "tcp://\(host):\(port)"
        case let .ipc(path): "ipc://\(path)"
        case let .inproc(name): "inproc://\(name)"
        }
    }

    /// The TCP port, if this is a TCP endpoint.
    public var tcpPort: Int? {
        if case let .tcp(_, port) = self { return port }
        return nil
    }

    /// What a valid value looks like, for error messages.
    public static var expectation: String { "an endpoint tcp://host:port, ipc://path or inproc://name" }

    /// Parses the scalar text as written in the configuration.
    public static func parse(configText text: String) throws(ConfigScalarRejection) -> BusEndpoint {
        try BusEndpoint(text)
    }

    /// Decodes the text form (`tcp://host:port`), for JSON and other decoders.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do { self = try BusEndpoint(text) } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.reason)
        }
    }

    /// Encodes the text form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension String {
    /// The rest of the string after `prefix`, or `nil` if it does not start with it.
    func dropPrefix(_ prefix: String) -> Substring? {
        hasPrefix(prefix) ? dropFirst(prefix.count) : nil
    }
}
