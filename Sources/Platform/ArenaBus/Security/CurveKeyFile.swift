import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// CURVE key files.
///
/// The format is line-based text, one `field: value` per line:
///
/// ```
/// # Alpha Arena CurveZMQ key pair for scorer-1
/// public-key: rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7
/// secret-key: JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6
/// ```
///
/// - Lines starting with `#` and blank lines are ignored (not trailing `#`:
///   `#` is a Z85 character).
/// - `public-key:` and `secret-key:` hold 40 characters of Z85 (RFC 32);
///   anything after the key and whitespace is a label, used in logs.
/// - A **key-pair file** has one `secret-key` and optionally its
///   `public-key` (checked against the secret); it must not be readable by
///   group or others (mode 600), or loading fails closed.
/// - A **public key file** (what a client needs to know a server, what a
///   server's operator hands out) has one `public-key` line.
/// - An **authorized-clients file** lists one `public-key` line per client
///   allowed to connect, each optionally labelled (`public-key: <z85> scorer-1`).
///
/// Any other field, a repeated field in a pair file, or a bad key is an error
/// that names the file and line.
public enum CurveKeyFile {
    struct Entry {
        var field: String
        var value: String
        var label: String?
        var line: Int
    }

    static let publicField = "public-key"
    static let secretField = "secret-key"

    /// Loads a key pair from a key-pair file.
    public static func loadKeyPair(from path: String) throws(CurveKeyError) -> CurveKeyPair {
        let entries = try parse(readFile(path, mayHoldSecret: true), path: path)
        let secrets = entries.filter { $0.field == secretField }
        let publics = entries.filter { $0.field == publicField }
        guard let secret = secrets.first else { throw .missingKey(path: path, field: secretField) }
        guard secrets.count == 1, publics.count <= 1 else {
            throw .malformedFile(path: path, line: (secrets.dropFirst().first ?? publics[1]).line, reason: "a key-pair file holds one pair")
        }
        let pair = try CurveKeyPair(secretKey: key(secret, path: path, CurveSecretKey.init(z85:)))
        if let given = publics.first, try key(given, path: path, CurvePublicKey.init(z85:)) != pair.publicKey {
            throw .mismatchedPair(path: path)
        }
        return pair
    }

    /// Loads the single public key of a public key file (or of a pair file).
    public static func loadPublicKey(from path: String) throws(CurveKeyError) -> CurvePublicKey {
        let publics = try parse(readFile(path, mayHoldSecret: false), path: path).filter { $0.field == publicField }
        guard let entry = publics.first else { throw .missingKey(path: path, field: publicField) }
        guard publics.count == 1 else {
            throw .malformedFile(path: path, line: publics[1].line, reason: "expected one public-key line")
        }
        return try key(entry, path: path, CurvePublicKey.init(z85:))
    }

    /// Loads an authorized-clients file: each public key with its label (or
    /// `"line N"` when unlabelled).
    public static func loadAuthorizedClients(from path: String) throws(CurveKeyError) -> [CurvePublicKey: String] {
        var clients: [CurvePublicKey: String] = [:]
        for entry in try parse(readFile(path, mayHoldSecret: false), path: path) {
            guard entry.field == publicField else {
                throw .malformedFile(path: path, line: entry.line, reason: "an authorized-clients file holds only public-key lines")
            }
            clients[try key(entry, path: path, CurvePublicKey.init(z85:))] = entry.label ?? "line \(entry.line)"
        }
        return clients
    }

    /// The text of a key-pair file for `pair`.
    public static func render(_ pair: CurveKeyPair, label: String? = nil) -> String {
        header(label, "key pair") + "\(publicField): \(pair.publicKey.z85)\n\(secretField): \(pair.secretKey.z85)\n"
    }

    /// The text of a public key file for `key`.
    public static func render(_ key: CurvePublicKey, label: String? = nil) -> String {
        header(label, "public key") + "\(publicField): \(key.z85)\n"
    }

    /// Writes `pair` to a new `secretFile` (mode 600) and, if given, its public
    /// key to a new `publicFile` (mode 644). Existing files are never
    /// overwritten: replacing a key is a deliberate act.
    public static func write(_ pair: CurveKeyPair, secretFile: String, publicFile: String?, label: String? = nil) throws(CurveKeyError) {
        try create(secretFile, contents: render(pair, label: label), mode: 0o600)
        if let publicFile { try create(publicFile, contents: render(pair.publicKey, label: label), mode: 0o644) }
    }

    // MARK: Parsing

    static func parse(_ text: String, path: String) throws(CurveKeyError) -> [Entry] {
        var entries: [Entry] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else {
                throw .malformedFile(path: path, line: i + 1, reason: "expected `field: value`")
            }
            let field = line[..<colon].trimmingCharacters(in: .whitespaces)
            guard field == publicField || field == secretField else {
                throw .malformedFile(path: path, line: i + 1, reason: "unknown field `\(field)`")
            }
            let words = line[line.index(after: colon)...].split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let value = words.first else {
                throw .malformedFile(path: path, line: i + 1, reason: "\(field) has no value")
            }
            let label = words.count > 1 ? words.dropFirst().joined(separator: " ") : nil
            entries.append(Entry(field: field, value: String(value), label: label, line: i + 1))
        }
        return entries
    }

    private static func key<K>(_ entry: Entry, path: String, _ make: (String) throws(CurveKeyError) -> K) throws(CurveKeyError) -> K {
        do { return try make(entry.value) } catch {
            throw .malformedFile(path: path, line: entry.line, reason: error.description)
        }
    }

    private static func header(_ label: String?, _ what: String) -> String {
        "# Alpha Arena CurveZMQ \(what)\(label.map { " for \($0)" } ?? "")\n"
    }

    // MARK: Files

    private static func readFile(_ path: String, mayHoldSecret: Bool) throws(CurveKeyError) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw .fileAccess(path: path, reason: String(cString: strerror(errno)))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .fileAccess(path: path, reason: "cannot be read")
        }
        let text = String(decoding: data, as: UTF8.self)
        let mode = UInt16(info.st_mode & 0o777)
        if mayHoldSecret && mode & 0o077 != 0 && text.contains(secretField) {
            throw .insecurePermissions(path: path, mode: mode)
        }
        return text
    }

    private static func create(_ path: String, contents: String, mode: mode_t) throws(CurveKeyError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw .fileAccess(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        // O_CREAT's mode is filtered by the umask; set it exactly.
        _ = fchmod(fd, mode)
        do {
            try FileHandle(fileDescriptor: fd, closeOnDealloc: false).write(contentsOf: Data(contents.utf8))
        } catch {
            throw .fileAccess(path: path, reason: "write failed: \(error.localizedDescription)")
        }
    }
}
