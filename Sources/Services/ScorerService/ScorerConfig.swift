import Agents
import ArenaRuntime

/// The `scorer` section: how many jobs a scorer holds at once and how many
/// CPU-bound decisions it computes at once.
public struct ScorerConfig: ConfigSection, Equatable {
    public static let key = "scorer"
    public static let whenAbsent: ScorerConfig? = ScorerConfig()

    /// Jobs held at once (announced to the dispatcher): I/O-bound models (LLM
    /// calls) wait concurrently up to this many.
    public var capacity: Int
    /// CPU-bound decisions computed at once (0: one per core).
    public var cpuConcurrency: Int
    /// Where LLM agents' replies are recorded or replayed from (nil: neither).
    public var llmReplies: String?
    /// `record` (call the providers and keep every reply) or `replay` (never call; answer from the directory).
    public var llmRepliesMode: ReplyBook.Mode

    public enum Defaults {
        public static let capacity = 64
        public static let cpuConcurrency = 0
    }

    public init(
        capacity: Int = Defaults.capacity, cpuConcurrency: Int = Defaults.cpuConcurrency, llmReplies: String? = nil, llmRepliesMode: ReplyBook.Mode = .record
    ) {
        self.capacity = capacity
        self.cpuConcurrency = cpuConcurrency
        self.llmReplies = llmReplies
        self.llmRepliesMode = llmRepliesMode
    }

    enum CodingKeys: String, CodingKey {
        case capacity
        case cpuConcurrency = "cpu_concurrency"
        case llmReplies = "llm_replies"
        case llmRepliesMode = "llm_replies_mode"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let modeText = try c.decode(.llmRepliesMode, default: ReplyBook.Mode.record.rawValue)
        guard let mode = ReplyBook.Mode(rawValue: modeText) else {
            throw DecodingError.dataCorruptedError(
                forKey: .llmRepliesMode, in: c, debugDescription: "'\(modeText)' is not one of \(ReplyBook.Mode.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        self.init(
            capacity: try c.decode(.capacity, default: Defaults.capacity),
            cpuConcurrency: try c.decode(.cpuConcurrency, default: Defaults.cpuConcurrency),
            llmReplies: try c.decodeIfPresent(String.self, forKey: .llmReplies), llmRepliesMode: mode
        )
    }

    public func validate(into problems: inout ConfigProblems) {
        problems.range(capacity, 1...10_000, key: "scorer.capacity")
        problems.range(cpuConcurrency, 0...1_024, key: "scorer.cpu_concurrency")
    }
}
