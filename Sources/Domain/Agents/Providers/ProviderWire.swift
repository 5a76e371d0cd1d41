import ArenaCore

/// The LLM APIs the arena speaks (spec §5, kind 3).
public enum ProviderKind: String, Sendable, Hashable, CaseIterable {
    /// OpenAI chat completions, and every server that copies them (DeepSeek, Qwen, llama.cpp, vLLM, Ollama).
    case openai
    /// Anthropic Messages.
    case anthropic
    /// Google Gemini `generateContent`.
    case gemini
}

/// One chat request, provider-neutral: what the agent asks, and how.
public struct ChatRequest: Sendable, Hashable {
    /// The provider's model name (`gpt-4o-mini`, `claude-sonnet-4-5`, `gemini-2.5-flash`, …).
    public var model: String
    /// The system instruction.
    public var system: String
    /// The user message: the rendered prompt.
    public var user: String
    public var temperature: Double
    public var maxTokens: Int
    /// The JSON schema the reply must follow, as JSON text; the provider is told to use it when it can
    /// (OpenAI `response_format: json_schema`, Gemini `responseJsonSchema`). Nil: JSON is asked for in words only.
    public var responseSchema: String?
    /// The schema's name where the API wants one (OpenAI's `json_schema.name`).
    public var schemaName: String

    public init(model: String, system: String, user: String, temperature: Double, maxTokens: Int, responseSchema: String?, schemaName: String = "decision") {
        self.model = model
        self.system = system
        self.user = user
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.responseSchema = responseSchema
        self.schemaName = schemaName
    }
}

/// Where a provider is and how to reach it.
public struct ProviderEndpoint: Sendable, Hashable {
    public var kind: ProviderKind
    /// The API root without a trailing slash: `https://api.openai.com/v1`, `https://api.anthropic.com/v1`,
    /// `https://generativelanguage.googleapis.com/v1beta`, `http://127.0.0.1:8081/v1`.
    public var baseURL: String
    /// How the reply's schema is sent to an OpenAI-compatible server (Gemini: any style but ``SchemaStyle/jsonObject`` sends it).
    public var schemaStyle: SchemaStyle

    /// How an OpenAI-compatible server is told the reply's schema.
    public enum SchemaStyle: String, Sendable, Hashable, CaseIterable {
        /// `response_format: {type: json_schema, json_schema: {name, strict: true, schema}}` (OpenAI, vLLM).
        case jsonSchema = "on"
        /// `response_format: {type: json_object}`: JSON mode only (DeepSeek, Ollama).
        case jsonObject = "off"
        /// `response_format: {type: json_object, schema}`: llama-cpp-python's server, which answers 500 to `json_schema`
        /// and constrains its grammar to a schema given this way.
        case inlineSchema = "inline"
    }

    /// Whether the schema is sent at all.
    public var supportsSchema: Bool { schemaStyle != .jsonObject }

    public init(kind: ProviderKind, baseURL: String, schemaStyle: SchemaStyle = .jsonSchema) {
        self.kind = kind
        self.baseURL = baseURL
        self.schemaStyle = schemaStyle
    }
}

/// An HTTP request to send, built by a ``ProviderWire``.
public struct HTTPRequestSpec: Sendable, Hashable {
    public var method: String
    public var url: String
    /// Header names as the provider documents them; the API key travels here only.
    public var headers: [HTTPHeaderField]
    public var body: [UInt8]

    public init(method: String = "POST", url: String, headers: [HTTPHeaderField], body: [UInt8]) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// An HTTP response as received.
public struct HTTPResponseSpec: Sendable, Hashable {
    public var status: Int
    public var headers: [HTTPHeaderField]
    public var body: [UInt8]

    public init(status: Int, headers: [HTTPHeaderField], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of header `name`, compared without case.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// One header.
public struct HTTPHeaderField: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// How a reply ended.
public enum StopReason: Sendable, Hashable {
    /// The model finished its answer.
    case complete
    /// The output hit the token limit (OpenAI `length`, Anthropic `max_tokens`, Gemini `MAX_TOKENS`): the text is cut.
    case truncated
    /// The model or the provider refused (OpenAI `refusal`, Anthropic `refusal`, Gemini `SAFETY`/blocked prompt), with what it said.
    case refused(String)
    /// Any other reason, as the provider names it.
    case other(String)
}

/// What a provider answered to one request.
public struct ChatReply: Sendable, Hashable {
    /// The reply's text (all text parts joined); empty when there was none.
    public var text: String
    /// All the prompt's tokens, cached ones included.
    public var inputTokens: Int64
    /// All tokens billed as output, reasoning or thinking tokens included.
    public var outputTokens: Int64
    /// The provider's id for the request or response, where it gives one (OpenAI `id` / `x-request-id`,
    /// Anthropic `id` / `request-id`, Gemini `responseId`).
    public var requestID: String?
    public var stop: StopReason

    public init(text: String, inputTokens: Int64, outputTokens: Int64, requestID: String?, stop: StopReason) {
        self.text = text
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.requestID = requestID
        self.stop = stop
    }
}

/// Why a call got no reply. Descriptions never contain the API key: callers pass provider text
/// through ``Redaction`` before it reaches an error.
public enum ProviderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The provider answered with an error status; `retryAfter` from `Retry-After` (seconds or an HTTP date)
    /// or the provider's own hint, when given.
    case status(code: Int, retryAfter: Duration?, message: String)
    /// The response is not what the provider's documentation says it sends.
    case malformedResponse(String)
    /// The request could not be sent or the response not read (connection refused, reset, TLS).
    case transport(String)
    /// No response within the time the call had.
    case timedOut

    /// Worth trying again within the deadline: 408, 409, 429, 5xx, transport failures and timeouts.
    public var isRetryable: Bool {
        switch self {
        case let .status(code, _, _): code == 408 || code == 409 || code == 429 || code >= 500
        case .transport, .timedOut: true
        case .malformedResponse: false
        }
    }

    public var description: String {
        switch self {
        case let .status(code, retryAfter, message):
            "HTTP \(code)\(retryAfter.map { " (retry after \($0))" } ?? ""): \(message)"
        case let .malformedResponse(reason): "malformed response: \(reason)"
        case let .transport(reason): "transport: \(reason)"
        case .timedOut: "timed out"
        }
    }
}

/// One provider's wire format: the request for a ``ChatRequest`` and the ``ChatReply`` in a response.
/// Pure: no I/O; the caller sends what it builds.
public protocol ProviderWire: Sendable {
    /// The HTTP request for `chat` at `endpoint`, authenticated with `apiKey` (empty: no key is sent,
    /// as local servers allow).
    func request(_ chat: ChatRequest, endpoint: ProviderEndpoint, apiKey: String) -> HTTPRequestSpec
    /// The reply in a 2xx `response`, or a typed error for any other status or an unreadable body.
    func reply(_ response: HTTPResponseSpec) throws(ProviderError) -> ChatReply
}
