import ArenaCore
import Learning
import Models

/// What an LLM agent needs beyond its parameters, given by the process that
/// runs it: the scorer hands it a transport, the rate limits it shares with the
/// other agents, where keys are, the recorded replies and a log.
public struct AgentRuntime: Sendable {
    /// Sends the HTTP requests; nil in a process that only checks rosters (the feature engine).
    public var transport: (any LLMTransport)?
    public var secrets: SecretSource
    public var limits: RateLimits
    /// Recorded replies to write or to answer from; nil: call the providers, record nothing.
    public var book: ReplyBook?
    /// The clock the jobs' deadlines are on.
    public var clock: any ArenaClock
    /// Receives one line per notable event (a violation, a failed call, a spent budget); never carries a key.
    public var log: @Sendable (AgentLogLine) -> Void

    public init(
        transport: (any LLMTransport)?, secrets: SecretSource = .process, limits: RateLimits = RateLimits(), book: ReplyBook? = nil,
        clock: any ArenaClock = WallClock(), log: @escaping @Sendable (AgentLogLine) -> Void = { _ in }
    ) {
        self.transport = transport
        self.secrets = secrets
        self.limits = limits
        self.book = book
        self.clock = clock
        self.log = log
    }

    /// A runtime that can build agents (to check a roster) but not run them.
    public static var checkOnly: AgentRuntime { AgentRuntime(transport: nil) }
}

/// One log line of an agent.
public struct AgentLogLine: Sendable, Hashable {
    public enum Level: Sendable, Hashable { case info, warning, error }

    public var level: Level
    public var message: String
    public var metadata: [String: String]

    public init(_ level: Level, _ message: String, _ metadata: [String: String]) {
        self.level = level
        self.message = message
        self.metadata = metadata
    }
}

/// The LLM agent as a model kind, for the scorer's catalogue.
public enum AgentKinds {
    /// Every agent kind, running with `runtime`.
    public static func all(_ runtime: AgentRuntime) -> [ModelKind] {
        [ModelKind(schema: LLMAgent.schema) { parameters throws(ModelConfigError) in try LLMAgent(parameters: parameters, runtime: runtime) }]
    }
}

/// The catalogue of every model kind, LLM agents and learned models included.
public enum ArenaCatalog {
    /// For checking rosters and listing kinds: agents can be built but not run.
    public static let checking = running(.checkOnly)

    /// For a scorer: agents run with `runtime`.
    public static func running(_ runtime: AgentRuntime) -> ModelCatalog { extending(ArenaModels.catalog, runtime) }

    /// `base` with the LLM agents (running with `runtime`) and the learned kinds added.
    public static func extending(_ base: ModelCatalog, _ runtime: AgentRuntime) -> ModelCatalog {
        base.adding(AgentKinds.all(runtime) + LearnedKinds.all)
    }
}
