import ArenaCore

/// An HTTP request the alerter sends to a provider. The library builds it and never sends it:
/// the service owns the connection.
///
/// The URL may hold a secret (a Discord webhook's token, a Telegram bot token), so it has no
/// description: log the destination's name instead.
public struct ProviderRequest: Sendable {
    /// The full URL, with its secret; never logged.
    public var url: String
    /// Request headers (`Content-Type`).
    public var headers: [(name: String, value: String)]
    /// The JSON body.
    public var body: [UInt8]

    /// A POST of `body` as JSON.
    public init(url: String, json body: [UInt8]) {
        self.url = url
        self.headers = [("Content-Type", "application/json")]
        self.body = body
    }
}

/// A provider's answer, as the classifiers read it.
public struct ProviderResponse: Sendable {
    /// The HTTP status.
    public var status: Int
    /// The headers, names as received.
    public var headers: [(name: String, value: String)]
    /// The body (bounded by the sender).
    public var body: [UInt8]

    /// A response.
    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first header named `name`, compared case-insensitively (HTTP header names are).
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    /// The body as text, cut for a log line or an error.
    public var excerpt: String { TextLimit.cut(String(decoding: body, as: UTF8.self), to: 300) }
}

/// What a provider's answer means for the delivery.
public enum DeliveryOutcome: Sendable, Equatable {
    /// Accepted.
    case delivered
    /// Refused for now: send the same request again after `retryAfter` (a 429).
    case rateLimited(retryAfter: Duration)
    /// Failed in a way a retry can cure (5xx, a network error, a timeout): back off and retry, up to a limit.
    case transient(reason: String)
    /// This message is refused for good (a 400 for its content): no retry; the alert fails on this destination.
    case rejected(reason: String)
    /// The destination refuses us for good (a deleted webhook, a revoked token, a bot removed
    /// from the chat): it is disabled, and every alert still due on it fails.
    case destinationGone(reason: String)
}

/// A provider the alerter sends to: how an alert becomes requests, and what an answer means.
public protocol AlertChannel: Sendable {
    /// The requests that deliver `alert`, sent in order (a long Telegram text is several).
    func requests(for alert: Alert) throws(ChannelError) -> [ProviderRequest]
    /// What `response` means.
    func classify(_ response: ProviderResponse) -> DeliveryOutcome
    /// How long to hold the next request after `response`, from the provider's pacing headers
    /// (zero when there is no need to wait).
    func pacing(after response: ProviderResponse) -> Duration
}

/// A payload the channel cannot build.
public struct ChannelError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public var description: String

    /// An error.
    public init(_ description: String) { self.description = description }
}

