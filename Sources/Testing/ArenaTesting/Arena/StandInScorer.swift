import ArenaBus
import ArenaCore
import ArenaRuntime
import ArenaWire
import Foundation
import ServiceLifecycle

/// A scorer stand-in for the arena clock's tests: a real ``ArenaBus/Worker``
/// process that answers ``ArenaCore/ScoringJob``s with scripted behaviour per
/// model, and reports each job on standard output as
/// `JOB <decision id> <snapshot hash sent> <sha256 of the snapshot received>`,
/// so a test can check every model saw byte-identical data.
public enum StandInScorer {
    /// What the stand-in does with one model's jobs.
    public enum Behaviour: Sendable, Hashable {
        /// Answers at once with this action (on the snapshot's first symbol).
        case decide(TradeAction)
        /// A rule: BUY the first symbol when its last 1m close is above the
        /// first of the 60, SELL when below, else HOLD. Decides from the
        /// snapshot alone, so equal snapshots give equal decisions.
        case trend
        /// Answers BUY after this long.
        case slow(Duration)
        /// Never answers (a dead model: the job is held until cancelled).
        case silent
        /// Reports the job as failed.
        case fail
        /// Answers with another tick's decision id and tick (a stale answer).
        case wrongTick
        /// Exits the process with status 3 on receiving the job.
        case crash

        /// Parses `decide:BUY`, `trend`, `slow:2500`, `silent`, `fail`, `wrong-tick`, `crash`.
        public init?(_ text: String) {
            let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
            switch parts[0] {
            case "decide": guard parts.count == 2, let a = TradeAction(rawValue: parts[1]) else { return nil }; self = .decide(a)
            case "slow": guard parts.count == 2, let ms = Int(parts[1]) else { return nil }; self = .slow(.milliseconds(ms))
            case "trend": self = .trend
            case "silent": self = .silent
            case "fail": self = .fail
            case "wrong-tick": self = .wrongTick
            case "crash": self = .crash
            default: return nil
            }
        }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Connects to `endpoint` as `name` and serves until stdin closes or the process is killed.
    /// Models without a behaviour HOLD.
    public static func run(name: String, endpoint: String, capacity: Int, behaviours: [String: Behaviour]) async throws {
        let transport = ZeroMQTransport(settings: ZeroMQTransport.Settings(heartbeatInterval: .milliseconds(100)))
        let worker = try transport.worker(
            service: ServiceName(name), connect: endpoint, capacity: capacity, handler: handler(behaviours, announce: announce)
        )
        announce("READY \(name)")
        await StandardInput.closed()
        await worker.close()
    }

    /// The job handler: each model's job answered by its behaviour (HOLD when it
    /// has none); `announce`, when given, hears the `JOB` line of every job.
    public static func handler(_ behaviours: [String: Behaviour], announce: (@Sendable (String) -> Void)?) -> JobHandler {
        { message in
            let job = try message.decode(ScoringJob.self)
            if let announce {
                // The hash of the bytes as received, not of a re-encoding.
                let received = CanonicalHash.hex(job.sealed.canonicalBytes)
                announce("JOB \(job.decisionID) \(job.snapshotHash) \(received) \(job.account.source.rawValue) \(job.account.cash)")
            }
            return try await answer(job, behaviours[job.model.id.value] ?? .decide(.hold))
        }
    }

    private static func answer(_ job: ScoringJob, _ behaviour: Behaviour) async throws -> ModelDecision {
        switch behaviour {
        case let .decide(action): return decision(job, action)
        case .trend:
            guard let bars = job.snapshot.symbols.first?.bars1m, let first = bars.first, let last = bars.last else {
                return decision(job, .hold)
            }
            return decision(job, last.close > first.close ? .buy : last.close < first.close ? .sell : .hold)
        case let .slow(delay):
            try await Task.sleep(for: delay)
            return decision(job, .buy)
        case .silent:
            try await Task.sleep(for: .seconds(86_400))
            throw Failure(description: "silent model woke up")
        case .fail: throw Failure(description: "model failed on purpose")
        case .wrongTick:
            var d = decision(job, .hold)
            d.tick = job.snapshot.tick.advanced(by: .seconds(job.snapshot.tickIntervalSeconds))
            d.decisionID = ScoringJob.decisionID(model: job.model.id, tick: d.tick)
            return d
        case .crash:
            announce("CRASH \(job.decisionID)")
            exit(3)
        }
    }

    private static func decision(_ job: ScoringJob, _ action: TradeAction) -> ModelDecision {
        let entry = job.snapshot.symbols.first
        let last = entry?.ticker.last ?? FixedDecimal(1)
        let buy = action == .buy
        return ModelDecision(
            decisionID: job.decisionID, modelID: job.model.id, configHash: job.model.configHash, tick: job.snapshot.tick,
            snapshotHash: job.snapshotHash, outcome: .decided, action: action, symbol: action == .hold ? nil : entry?.symbol,
            positionSizePct: action == .hold ? .zero : (try? FixedDecimal(parsing: "0.1")) ?? .zero,
            takeProfit: buy ? last * FixedDecimal(2) : nil, stopLoss: buy ? (try? last.divided(by: FixedDecimal(2))) : nil,
            leverage: nil, confidence: 0.5, rationale: "stand-in \(action.rawValue)", latencyMilliseconds: 0, worker: nil, trace: nil
        )
    }

    @Sendable private static func announce(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}

/// The scorer stand-in as a component, for runs in one process: a worker in
/// the feature engine's pool answering with the behaviours of the
/// `stand_in_scorer` section.
public enum StandInScorerComponent: ServiceComponent {
    public static let descriptor = ServiceDescriptor(
        kind: "scorer", summary: "stand-in scorer (test support): scripted and rule answers", binds: [],
        peers: [BusPeer("features", .router)], sections: [StandInScorerConfig.self]
    )

    public static func build(in environment: ServiceEnvironment) throws -> [any Service] {
        let config = try environment.section(StandInScorerConfig.self)
        let worker = try environment.worker(
            of: "features", capacity: config.capacity, handler: StandInScorer.handler(config.behaviours, announce: nil)
        )
        return [ClosingService(name: "stand-in scorer") { await worker.close() }]
    }
}

/// `stand_in_scorer`: jobs run at once, and each model's behaviour (`model: trend`).
public struct StandInScorerConfig: ConfigSection {
    public static let key = "stand_in_scorer"
    public var capacity: Int
    public var behaviours: [String: StandInScorer.Behaviour]

    enum CodingKeys: String, CodingKey { case capacity, models }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        capacity = try c.decode(.capacity, default: 8)
        var behaviours: [String: StandInScorer.Behaviour] = [:]
        for entry in try c.decode(.models, default: ConfigFlatMapping()).entries {
            guard let behaviour = StandInScorer.Behaviour(entry.value) else {
                throw ConfigError.invalid(key: "stand_in_scorer.models.\(entry.key)", value: entry.value, reason: "not a stand-in behaviour")
            }
            behaviours[entry.key] = behaviour
        }
        self.behaviours = behaviours
    }
}
