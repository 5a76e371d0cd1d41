import Foundation

/// A Binance API key and its secret, never printed.
///
/// `description`, `debugDescription` and reflection (`dump`, `Mirror`, string
/// interpolation in log metadata) show only the key's first four characters;
/// the secret never appears (SPEC §11: no secret in logs or the audit trail).
/// The secret is kept as bytes, not a `String`, so no default formatting reaches it.
public struct BinanceCredentials: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The API key, sent in `X-MBX-APIKEY`.
    public let apiKey: String
    /// The secret key, used only as the HMAC key.
    let secret: [UInt8]

    /// Credentials from their two texts; both must be non-empty.
    public init(apiKey: String, secretKey: String) throws(CredentialsError) {
        let key = apiKey.trimmingCharacters(in: .whitespacesAndNewlines)
        let secret = secretKey.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !key.isEmpty else { throw .missing("API key") }
        guard !secret.isEmpty else { throw .missing("secret key") }
        self.apiKey = key
        self.secret = Array(secret.utf8)
    }

    /// Credentials from the environment: `<prefix>API_KEY` and `<prefix>API_SECRET`, or the files named by
    /// `<prefix>API_KEY_FILE` and `<prefix>API_SECRET_FILE` (a mounted secret; a file wins over a variable).
    public static func fromEnvironment(
        prefix: String = "BINANCE_", environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(CredentialsError) -> BinanceCredentials {
        func value(_ name: String) throws(CredentialsError) -> String {
            if let path = environment[prefix + name + "_FILE"], !path.isEmpty {
                guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                    throw .unreadableFile(path)
                }
                return text
            }
            guard let text = environment[prefix + name], !text.isEmpty else { throw .missing(prefix + name) }
            return text
        }
        return try BinanceCredentials(apiKey: try value("API_KEY"), secretKey: try value("API_SECRET"))
    }

    /// The key as logs may show it: its first four characters and its length.
    public var redactedKey: String { "\(apiKey.prefix(4))…(\(apiKey.count) chars)" }

    public var description: String { "BinanceCredentials(apiKey: \(redactedKey), secret: <redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["apiKey": redactedKey, "secret": "<redacted>"]) }
}

/// Why credentials could not be loaded (the message names the variable or file, never a value).
public enum CredentialsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The named variable or part is absent or empty.
    case missing(String)
    /// The mounted file at this path could not be read.
    case unreadableFile(String)

    public var description: String {
        switch self {
        case .missing(let what): "missing credential: \(what)"
        case .unreadableFile(let path): "credential file unreadable: \(path)"
        }
    }
}
