import Foundation

/// An OKX API key, its secret and its passphrase, never printed.
///
/// `description`, `debugDescription` and reflection (`dump`, `Mirror`, interpolation in log
/// metadata) show only the key's first four characters; the secret and the passphrase never
/// appear (SPEC §11). The secret is kept as bytes, so no default formatting reaches it. Create
/// the key with trade permission only — never withdrawal.
public struct OKXCredentials: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The API key, sent in `OK-ACCESS-KEY` and in the WebSocket login.
    public let apiKey: String
    /// The secret key, used only as the HMAC key.
    let secret: [UInt8]
    /// The passphrase chosen when the key was created, sent in `OK-ACCESS-PASSPHRASE`.
    let passphrase: String

    /// Credentials from their three texts; each must be non-empty.
    public init(apiKey: String, secretKey: String, passphrase: String) throws(CredentialsError) {
        self.apiKey = try SecretSource.required(apiKey, "API key")
        secret = Array(try SecretSource.required(secretKey, "secret key").utf8)
        self.passphrase = try SecretSource.required(passphrase, "passphrase")
    }

    /// Credentials from the environment: `<prefix>API_KEY`, `<prefix>API_SECRET` and `<prefix>API_PASSPHRASE`,
    /// or the files named by the same names with `_FILE` appended (a mounted secret; a file wins).
    public static func fromEnvironment(
        prefix: String = "OKX_", environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(CredentialsError) -> OKXCredentials {
        try OKXCredentials(
            apiKey: try SecretSource.value(prefix + "API_KEY", environment: environment),
            secretKey: try SecretSource.value(prefix + "API_SECRET", environment: environment),
            passphrase: try SecretSource.value(prefix + "API_PASSPHRASE", environment: environment)
        )
    }

    /// The key as logs may show it: its first four characters and its length.
    public var redactedKey: String { "\(apiKey.prefix(4))…(\(apiKey.count) chars)" }

    public var description: String { "OKXCredentials(apiKey: \(redactedKey), secret: <redacted>, passphrase: <redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror {
        Mirror(self, children: ["apiKey": redactedKey, "secret": "<redacted>", "passphrase": "<redacted>"])
    }
}
