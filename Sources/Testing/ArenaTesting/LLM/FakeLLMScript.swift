import Foundation

/// Scripts for ``FakeLLMServer`` written as JSON (for `arena-testkit fake-llm --script FILE`):
/// an object with a list of steps per provider, each provider optional:
///
/// ```json
/// {"openai": [{"step": "reply", "text": "{\"action\":\"HOLD\"}", "delay_ms": 2000, "input_tokens": 100, "output_tokens": 20},
///             {"step": "status", "code": 429, "retry_after": 1, "delay_ms": 0},
///             {"step": "truncated", "text": "{\"action\":"},
///             {"step": "empty"}, {"step": "refusal", "text": "I can't help with that."}, {"step": "hang"}],
///  "anthropic": [...], "gemini": [...]}
/// ```
///
/// `text` is required for `reply`, `truncated` and `refusal`, `code` for `status`; the other
/// members are optional (defaults as in ``FakeLLMStep``). Unknown providers, steps or members are errors.
public enum FakeLLMScript {
    /// The steps per provider in `data`, or ``FakeLLMScriptError`` saying what is wrong where.
    public static func parse(_ data: Data) throws -> [FakeLLMProvider: [FakeLLMStep]] {
        guard let root = JSONValue.parse(Array(data))?.members else { throw FakeLLMScriptError("the script is not a JSON object") }
        var scripts: [FakeLLMProvider: [FakeLLMStep]] = [:]
        for (name, list) in root {
            guard let provider = FakeLLMProvider(rawValue: name) else {
                throw FakeLLMScriptError("unknown provider \"\(name)\" (openai, anthropic, gemini)")
            }
            guard let items = list.elements else { throw FakeLLMScriptError("\(name): expected a list of steps") }
            scripts[provider] = try items.enumerated().map { index, item in try step(item, at: "\(name)[\(index)]") }
        }
        return scripts
    }

    private static let members: [String: Set<String>] = [
        "reply": ["text", "delay_ms", "input_tokens", "output_tokens"], "truncated": ["text"], "empty": [], "refusal": ["text"],
        "status": ["code", "retry_after", "delay_ms"], "hang": [],
    ]

    private static func step(_ item: JSONValue, at path: String) throws -> FakeLLMStep {
        guard let object = item.members, let kind = object["step"]?.string, let allowed = members[kind] else {
            throw FakeLLMScriptError("\(path): \"step\" must be one of \(members.keys.sorted().joined(separator: ", "))")
        }
        if let extra = object.keys.sorted().first(where: { $0 != "step" && !allowed.contains($0) }) {
            throw FakeLLMScriptError("\(path): unknown member \"\(extra)\" for a \(kind) step")
        }
        func integer(_ name: String) throws -> Int? {
            guard let value = object[name] else { return nil }
            guard let number = value.integer, number >= 0 else { throw FakeLLMScriptError("\(path).\(name): expected a whole number ≥ 0") }
            return number
        }
        func text() throws -> String {
            guard let text = object["text"]?.string else { throw FakeLLMScriptError("\(path).text: expected a string") }
            return text
        }
        let delay = Duration.milliseconds(try integer("delay_ms") ?? 0)
        switch kind {
        case "reply":
            return .reply(try text(), inputTokens: try integer("input_tokens") ?? 100, outputTokens: try integer("output_tokens") ?? 20, delay: delay)
        case "truncated": return .truncated(try text())
        case "refusal": return .refusal(try text())
        case "empty": return .empty
        case "hang": return .hang
        default:
            guard let code = try integer("code"), (100...599).contains(code) else { throw FakeLLMScriptError("\(path).code: expected an HTTP status") }
            return .status(code, retryAfterSeconds: try integer("retry_after"), delay: delay)
        }
    }
}

/// A script file that ``FakeLLMScript/parse(_:)`` cannot read.
public struct FakeLLMScriptError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, and where.
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}

extension FakeLLMServer {
    /// Queues the steps of a JSON script (``FakeLLMScript``) for each provider it names.
    public func loadScript(_ data: Data) throws {
        for (provider, steps) in try FakeLLMScript.parse(data) { script(steps, for: provider) }
    }
}
