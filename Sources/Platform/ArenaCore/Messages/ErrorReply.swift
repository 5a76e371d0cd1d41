/// The reply a service sends instead of a normal answer when it cannot
/// answer: the request was malformed, of a type it does not serve, or its
/// handler failed. Requesters surface it as an error.
public struct ErrorReply: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// A stable machine-readable key, lower case: `malformed_request`, `insufficient_margin`, …
    public var code: String
    /// Human-readable detail; never contains secrets.
    public var message: String
    /// Whether sending the same request again may succeed.
    public var retryable: Bool

    /// An error reply.
    public init(code: String, message: String, retryable: Bool = false) {
        self.code = code
        self.message = message
        self.retryable = retryable
    }

    /// `"<code>: <message>"`.
    public var description: String { "\(code): \(message)" }
}
