import ArenaCore
import ArenaRuntime
import ArenaWire
import Logging
import Models
import Synchronization

/// Runs one scoring job: checks the snapshot it carries, builds the model of
/// its spec (cached by config hash), decides (CPU-bound kinds through the
/// bounded limit, I/O-bound kinds concurrently) and stamps the proposal with
/// the job's ids into a ``ArenaCore/ModelDecision``.
///
/// It keeps nothing between jobs but the built models, which depend only on
/// their spec: any scorer replica answers any job the same way.
public final class ModelRunner: Sendable {
    /// Why a job got no decision; the worker reports it as FAILED with this text,
    /// and the arena clock records a HOLD (failed) saying so.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    private let catalog: ModelCatalog
    private let cpu: ConcurrencyLimit
    private let models = Mutex<[String: any TradingModel]>([:])
    private let status: ScorerStatus
    private let logger: Logger
    /// Built models kept; a roster is far smaller.
    static let cacheLimit = 4_096

    public init(catalog: ModelCatalog, cpuConcurrency: Int, status: ScorerStatus, logger: Logger) {
        self.catalog = catalog
        cpu = ConcurrencyLimit(cpuConcurrency)
        self.status = status
        self.logger = logger
    }

    /// The decision for `job`.
    public func decide(_ job: ScoringJob, clock: any ArenaClock) async throws -> ModelDecision {
        let started = clock.now()
        let model = try await self.model(for: job.model)
        let input = ModelInput(job)
        let proposal: ModelProposal
        do {
            switch catalog.workload(of: job.model.kind) {
            case .cpu: proposal = try await cpu.run { try await model.decide(input) }
            case .io: proposal = try await model.decide(input)
            }
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            status.increment(.modelErrors)
            logger.warning("model failed", metadata: ["decision": "\(job.decisionID)", "error": "\(error)"])
            throw Failure(description: "\(job.model.kind) failed: \(error)")
        }
        status.increment(.decided)
        return proposal.decision(for: job, latencyMilliseconds: clock.now().duration(since: started).wholeMilliseconds)
    }

    /// The model of `spec`, built once per config hash, on a thread of its own: a learned
    /// model's build reads its file, which must not hold a thread of the cooperative pool.
    func model(for spec: ModelSpec) async throws(Failure) -> any TradingModel {
        if let built = models.withLock({ $0[spec.configHash] }) { return built }
        // The hash must be the spec's own: a cached model is found by it.
        let expected: String
        do { expected = try spec.hashed().configHash } catch {
            throw Failure(description: "the model spec cannot be hashed: \(error)")
        }
        guard expected == spec.configHash else {
            status.increment(.refusedJobs)
            throw Failure(description: "config hash \(spec.configHash.prefix(12)) does not match the spec of \(spec.id) (\(expected.prefix(12)))")
        }
        let catalog = catalog
        let model: any TradingModel
        do { model = try await OffPool.run { () throws(ModelConfigError) in try catalog.model(spec) } } catch {
            status.increment(.refusedJobs)
            logger.error("a job's model cannot be built", metadata: ["model": "\(spec.id)", "error": "\(error)"])
            throw Failure(description: "\(spec.id): \(error)")
        }
        models.withLock {
            if $0.count >= Self.cacheLimit { $0.removeAll() }
            $0[spec.configHash] = model
        }
        return model
    }
}
