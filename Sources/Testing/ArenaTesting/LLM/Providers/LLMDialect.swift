import Foundation
import HTTPTypes
import Hummingbird

/// One provider's wire format, as ``FakeLLMServer`` speaks it: how a request presents its key,
/// what the provider requires of a body, and how it words completions and errors.
///
/// Requests go through the same steps for every provider: the key (when the server requires
/// one), other required headers, the body, then the scripted step.
protocol LLMDialect: Sendable {
    static var provider: FakeLLMProvider { get }
    /// The key the request presents, nil when it presents none.
    static func presentedKey(in request: Request) -> String?
    /// The provider's answer to a missing (`presented` nil) or wrong key.
    static func keyFailure(presented: String?) -> LLMFailure
    /// A required header that is missing or wrong (Anthropic's `anthropic-version`).
    static func headerFailure(_ headers: HTTPFields) -> LLMFailure?
    /// What the body asks, read leniently (for the record, also of a request refused).
    static func describe(_ body: JSONValue?) -> FakeLLMCall
    /// Why the provider would refuse this body (its 400), nil when it is acceptable.
    static func validate(_ body: JSONValue?) -> LLMFailure?
    /// A completion in the provider's format.
    static func completion(_ completion: LLMCompletion, for call: FakeLLMCall) -> Response
    /// An error in the provider's format.
    static func error(_ failure: LLMFailure) -> Response
}

extension LLMDialect {
    static func headerFailure(_ headers: HTTPFields) -> LLMFailure? { nil }
}

/// What one request asked, as far as the fake reads it.
struct FakeLLMCall: Sendable {
    var model: String?
    var system: [String] = []
    var user: [String] = []
    /// The request's output token limit, when it gives one.
    var maxOutputTokens: Int?
}

/// An error answer before the provider wording: the status and what may override its defaults.
struct LLMFailure: Error, Sendable {
    var status: Int
    var message: String?
    /// OpenAI's `param`.
    var param: String?
    /// OpenAI's `code`; Gemini's `google.rpc.ErrorInfo` reason.
    var code: String?
    /// Seconds for `Retry-After` (and Gemini's `RetryInfo`).
    var retryAfter: Int?
}

/// A completion to word: its text (or lack of it) and token counts.
struct LLMCompletion: Sendable {
    enum Outcome: Sendable {
        /// Text ending normally, or cut at the output limit (`truncated`).
        case text(String, truncated: Bool)
        case empty
        case refusal(String)
    }

    var outcome: Outcome
    var inputTokens: Int
    var outputTokens: Int
}

// MARK: Helpers shared by the dialects

extension JSONValue {
    /// The members when this is an object.
    var members: [String: JSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The elements when this is an array.
    var elements: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The value when it is an integer (a double with no fraction counts).
    var integer: Int? {
        switch self {
        case .int(let value): Int(exactly: value)
        case .double(let value): Int(exactly: value)
        default: nil
        }
    }

    /// The value when it is a number.
    var number: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }

    /// The texts of a content value: a string itself, or the `text` of each element of an array
    /// of blocks or parts (`{"type": "text", "text": …}`, Gemini's `{"text": …}`).
    var texts: [String] {
        if let string { return [string] }
        return (elements ?? []).compactMap { $0["text"]?.string }
    }
}

/// The JSON type name of a value, as error messages word it.
func jsonTypeName(_ value: JSONValue) -> String {
    switch value {
    case .null: "null"
    case .bool: "boolean"
    case .int, .double: "number"
    case .string: "string"
    case .array: "array"
    case .object: "object"
    }
}

/// A random identifier of `count` characters from `alphabet` (letters and digits by default).
func randomToken(_ count: Int, alphabet: String = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") -> String {
    let characters = Array(alphabet)
    return String((0..<count).map { _ in characters.randomElement()! })
}

extension HTTPFields {
    /// `Retry-After` in seconds, when given.
    mutating func setRetryAfter(_ seconds: Int?) {
        if let seconds { set("retry-after", String(seconds)) }
    }
}
