/// Keeps secrets out of text that leaves the call: error messages, logs, recorded replies.
///
/// The wires put the API key in its header only, never in a URL or a body; but a provider may echo
/// what it received, and ``ProviderWire/reply(_:)`` does not know the key. So the caller, which does,
/// passes every provider text through here (``ProviderError/redacting(_:)``) before it goes anywhere.
public enum Redaction {
    /// What stands where a secret was.
    public static let marker = "[redacted]"

    /// The shortest secret replaced: shorter strings would blank out ordinary words.
    public static let minimumLength = 4

    /// `text` with every occurrence of each secret of ``minimumLength`` characters or more replaced by ``marker``.
    public static func redact(_ text: String, secrets: [String]) -> String {
        // Longest first: a secret that contains another is replaced whole, not left in pieces.
        secrets.filter { $0.count >= minimumLength }.sorted { $0.count > $1.count }.reduce(text) { text, secret in
            text.replacing(secret, with: marker)
        }
    }
}

extension ProviderError {
    /// This error with `secrets` redacted from every text it carries.
    public func redacting(_ secrets: [String]) -> ProviderError {
        switch self {
        case let .status(code, retryAfter, message): .status(code: code, retryAfter: retryAfter, message: Redaction.redact(message, secrets: secrets))
        case let .malformedResponse(reason): .malformedResponse(Redaction.redact(reason, secrets: secrets))
        case let .transport(reason): .transport(Redaction.redact(reason, secrets: secrets))
        case .timedOut: .timedOut
        }
    }
}
