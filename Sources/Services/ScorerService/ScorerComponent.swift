import Agents
import ArenaBus
import Foundation
import Logging
import ArenaCore
import ArenaRuntime
import Models
import ServiceLifecycle

extension ServiceKind {
    /// The scorer pool's workers (spec §2, §5).
    public static let scorer: ServiceKind = "scorer"
}

/// The scorer as a component: a worker in the feature engine's job pool that
/// runs the models of spec §5 on each job and answers with the decision.
///
/// It binds nothing and connects out to the feature engine's ROUTER, so
/// `--scale scorer=N` needs no configuration change, and it is stateless:
/// every decision depends only on its job (see ``ModelRunner``).
public enum ScorerComponent: ServiceComponent {
    /// The feature engine, whose job pool the scorer joins.
    static let features: ServiceKind = "features"

    public static let descriptor = ServiceDescriptor(
        kind: .scorer, summary: "stateless model workers: rule strategies, order-flow scorer, LLM agents, learned policies, allocators, ensembles, baselines",
        binds: [], peers: [BusPeer(features, .router)], sections: [ScorerConfig.self]
    )

    public static func build(in environment: ServiceEnvironment) throws -> [any Service] {
        try build(in: environment, catalog: ArenaModels.catalog)
    }

    /// The agents' runtime in this process: HTTP, keys from the environment or files, shared rate limits, the replies directory.
    static func agentRuntime(_ config: ScorerConfig, _ environment: ServiceEnvironment) -> AgentRuntime {
        agentRuntime(config, clock: environment.transport.clock, logger: environment.context.logger)
    }

    /// The agents' runtime of `config` on `clock`, logging to `logger`: what a scorer process or a
    /// backtest gives its LLM agents.
    public static func agentRuntime(_ config: ScorerConfig, clock: any ArenaClock, logger: Logger) -> AgentRuntime {
        AgentRuntime(
            transport: HTTPTransport(), secrets: .process, limits: RateLimits(),
            book: config.llmReplies.map { ReplyBook(directory: URL(fileURLWithPath: $0, isDirectory: true), mode: config.llmRepliesMode) },
            clock: clock,
            log: { line in
                let level: Logger.Level = switch line.level { case .info: .info; case .warning: .warning; case .error: .error }
                logger.log(level: level, "\(line.message)", metadata: line.metadata.mapValues { .string($0) })
            }
        )
    }

    /// The scorer running the kinds of `catalog` (the product's, or the
    /// product's with test-support kinds for the test kit's scorer), the LLM agents and the learned models.
    public static func build(in environment: ServiceEnvironment, catalog base: ModelCatalog) throws -> [any Service] {
        let config = try environment.section(ScorerConfig.self)
        let catalog = ArenaCatalog.extending(base, agentRuntime(config, environment))
        let status = ScorerStatus()
        environment.reportCounters { status.counters }
        let cpu = config.cpuConcurrency > 0 ? config.cpuConcurrency : ProcessInfo.processInfo.activeProcessorCount
        let runner = ModelRunner(catalog: catalog, cpuConcurrency: cpu, status: status, logger: environment.context.logger)
        let clock = environment.transport.clock
        let worker = try environment.worker(of: features, capacity: config.capacity) { message in
            let job: ScoringJob
            do { job = try message.decode(ScoringJob.self) } catch {
                status.increment(.refusedJobs)
                throw ModelRunner.Failure(description: "the job is not a scoring job: \(error)")
            }
            return try await runner.decide(job, clock: clock)
        }
        environment.context.logger.info("scorer joined the job pool", metadata: [
            "capacity": "\(config.capacity)", "cpu_concurrency": "\(cpu)", "kinds": "\(catalog.names.joined(separator: ","))",
        ])
        return [ScorerService(worker: worker, logger: environment.context.logger)]
    }
}

/// Holds the worker until shutdown. On SIGTERM the worker leaves the pool
/// with DISCONNECT: the dispatcher hands its in-flight jobs to another
/// scorer at once (or records them as timeouts at their deadline), so a
/// stopping scorer loses no decision.
struct ScorerService: Service, CustomStringConvertible {
    let worker: any JobWorker
    let logger: Logger

    var description: String { "scorer" }

    func run() async throws {
        try? await gracefulShutdown()
        logger.info("scorer leaving the pool; in-flight jobs go back to the dispatcher")
        await worker.close()
    }
}
