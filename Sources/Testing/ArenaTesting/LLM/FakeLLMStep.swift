import Foundation

/// The LLM providers ``FakeLLMServer`` speaks for, by wire format.
public enum FakeLLMProvider: String, Sendable, CaseIterable, Codable {
    /// OpenAI-compatible Chat Completions: `POST /v1/chat/completions`, `Authorization: Bearer KEY`.
    case openai
    /// Anthropic Messages: `POST /v1/messages`, `x-api-key: KEY` and `anthropic-version`.
    case anthropic
    /// Gemini: `POST /v1beta/models/{model}:generateContent`, `x-goog-api-key: KEY` or `?key=KEY`.
    case gemini
}

/// What ``FakeLLMServer`` answers to one valid request (one that passed the key and body checks).
///
/// Steps are scripted per provider (``FakeLLMServer/script(_:for:)``) and consumed one per request;
/// once a provider's script is used up its responder decides (``FakeLLMServer/setResponder(for:_:)``).
/// Each step is applied in the request's own task: delays run concurrently, never one after another.
public enum FakeLLMStep: Sendable, Equatable {
    /// A normal completion whose message text is `text` verbatim (JSON, malformed JSON, prose: the
    /// fake does not care), after `delay`. OpenAI `finish_reason: "stop"`, Anthropic
    /// `stop_reason: "end_turn"`, Gemini `finishReason: "STOP"`.
    case reply(String, inputTokens: Int = 100, outputTokens: Int = 20, delay: Duration = .zero)
    /// Partial text cut at the output limit: OpenAI `finish_reason: "length"`, Anthropic
    /// `stop_reason: "max_tokens"`, Gemini `finishReason: "MAX_TOKENS"`. The output token count is
    /// the request's own limit when it gives one.
    case truncated(String)
    /// A completion with no text: OpenAI `content: ""`, Anthropic `content: []`, Gemini a
    /// candidate whose content has no `parts`.
    case empty
    /// The model declines: OpenAI `content: null` with `refusal: TEXT`; Anthropic
    /// `stop_reason: "refusal"` with the text as content; Gemini no candidates and
    /// `promptFeedback.blockReason: "SAFETY"` (the text is not sent).
    case refusal(String)
    /// This HTTP status with the provider's error body (429 rate limit, 500 server error, 503,
    /// Anthropic's 529 overloaded…), after `delay`; with `retryAfterSeconds`, a `Retry-After`
    /// header (and for Gemini a `google.rpc.RetryInfo` detail too).
    case status(Int, retryAfterSeconds: Int? = nil, delay: Duration = .zero)
    /// No answer until the server stops: the client must time out.
    case hang
}

/// One request as ``FakeLLMServer`` received it, recorded whether it was answered or refused.
public struct FakeLLMRequest: Sendable {
    /// The wire format it arrived in.
    public let provider: FakeLLMProvider
    /// The request path, without the query (`/v1/chat/completions`, `/v1beta/models/m:generateContent`).
    public let path: String
    /// The query string (after `?`), empty when there is none.
    public let query: String
    /// Every header, in arrival order.
    public let headers: [(name: String, value: String)]
    /// The body as sent.
    public let body: [UInt8]
    /// The model asked for: the body's `model` (OpenAI, Anthropic) or the path's (Gemini); nil when absent.
    public let model: String?
    /// The system prompt: OpenAI `system`/`developer` messages, Anthropic `system`, Gemini
    /// `systemInstruction`; texts joined by newlines, empty when there is none.
    public let systemText: String
    /// The user turns' text, joined by newlines.
    public let userText: String
    /// When the request arrived.
    public let receivedAt: ContinuousClock.Instant

    /// The value of header `name` (any case), the first when repeated.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// The body as text.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

extension FakeLLMServer {
    /// The default answer of every provider once its script is used up: a valid HOLD decision.
    public static let holdDecision =
        #"{"symbol":null,"action":"HOLD","position_size_pct":0,"take_profit":0,"stop_loss":0,"confidence":0.5,"rationale":"fake provider default"}"#
}
