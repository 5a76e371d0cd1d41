import Agents
import ArenaCore
import ArenaTesting
import Foundation
import Models
import ScorerService
import Synchronization

/// An agent wired to a local provider server over real HTTP, with the log lines it wrote.
final class AgentRig: Sendable {
    static let key = "sk-test-9f8e7d6c5b4a-SECRET"
    let server: FakeLLMServer
    let lines = Mutex<[AgentLogLine]>([])
    let limits = RateLimits()

    init() async throws { server = try await FakeLLMServer(requireKey: Self.key) }

    func runtime(book: ReplyBook? = nil) -> AgentRuntime {
        AgentRuntime(
            transport: HTTPTransport(), secrets: SecretSource(environment: { $0 == "TEST_LLM_KEY" ? Self.key : nil }, readFile: { _ in nil }),
            limits: limits, book: book, log: { [self] line in self.lines.withLock { $0.append(line) } }
        )
    }

    func spec(_ provider: FakeLLMProvider = .openai, _ id: String = "agent", _ parameters: [String: String] = [:]) throws -> ModelSpec {
        var p = ["provider": provider.rawValue, "base_url": server.baseURL(provider), "model": "fake-model", "api_key_env": "TEST_LLM_KEY",
                 "input_price": "0.5", "output_price": "1.5"]
        for (k, v) in parameters { p[k] = v }
        return try SampleSnapshots.spec(id, kind: "llm", p)
    }

    /// The decision `spec`'s agent makes on the sample snapshot.
    func decide(_ spec: ModelSpec, book: ReplyBook? = nil, positions: [PositionState] = [], spentToday: FixedDecimal? = .zero) async throws -> ModelDecision {
        let input = try AgentFixtures.input(spec, positions: positions, spentToday: spentToday)
        let agent = try ArenaCatalog.running(runtime(book: book)).model(spec)
        return try await agent.decide(input).decision(for: input.job)
    }

    func stop() async { await server.stop() }
}
