import ArenaCore

/// Decision latencies in milliseconds, with nearest-rank percentiles.
public struct LatencySample: Sendable {
    public private(set) var values: [Int64] = []

    public init() {}

    mutating func append(_ milliseconds: Int64) { values.append(milliseconds) }

    /// The p-th percentile (nearest rank); nil without values.
    public func percentile(_ p: Double) -> Int64? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}

/// What the reporter keeps about one scorer worker (`ModelDecision.worker`): the jobs it answered
/// and how fast, so a pool of scorers shows how it shares the rounds.
public struct WorkerRecord: Sendable {
    public let worker: String
    public internal(set) var jobs = 0
    public internal(set) var latencies = LatencySample()
    /// The tick of the latest job it answered.
    public internal(set) var lastTick: Timestamp?
    /// The model file each learned model last ran on this worker: a pool running mixed files shows here.
    public internal(set) var modelFiles: [ModelID: (file: ModelFileStamp, tick: Timestamp)] = [:]

    init(worker: String) { self.worker = worker }

    mutating func record(_ decision: ModelDecision) {
        jobs += 1
        latencies.append(decision.latencyMilliseconds)
        if lastTick.map({ decision.tick > $0 }) ?? true { lastTick = decision.tick }
        if let file = decision.modelFile, modelFiles[decision.modelID].map({ decision.tick >= $0.tick }) ?? true {
            modelFiles[decision.modelID] = (file, decision.tick)
        }
    }
}

/// The model file a worker last ran for one learned model.
public struct WorkerModelFile: Sendable, Codable, Equatable {
    public var model: String
    public var path: String
    public var sha256: String

    public init(model: String, path: String, sha256: String) {
        self.model = model
        self.path = path
        self.sha256 = sha256
    }
}

/// One scorer worker's line: the services page and `/api/services`.
public struct WorkerRow: Sendable, Codable, Equatable {
    public var worker: String
    public var jobs: Int
    /// Its share of all the jobs the workers answered.
    public var share: Double
    public var latencyP50Milliseconds: Int64?
    public var latencyP99Milliseconds: Int64?
    /// The tick of the latest job it answered (ms since the epoch).
    public var lastTickMilliseconds: Int64?
    /// The model file each learned model last ran on it, by model id.
    public var modelFiles: [WorkerModelFile]
}

extension ArenaBook {
    /// Every worker's line, by name.
    public func workerRows() -> [WorkerRow] {
        let total = workers.values.reduce(0) { $0 + $1.jobs }
        return workers.values.sorted { $0.worker < $1.worker }.map { record in
            WorkerRow(
                worker: record.worker, jobs: record.jobs, share: total > 0 ? Double(record.jobs) / Double(total) : 0,
                latencyP50Milliseconds: record.latencies.percentile(50), latencyP99Milliseconds: record.latencies.percentile(99),
                lastTickMilliseconds: record.lastTick?.milliseconds,
                modelFiles: record.modelFiles.sorted { $0.key < $1.key }.map {
                    WorkerModelFile(model: $0.key.value, path: $0.value.file.path, sha256: $0.value.file.sha256)
                }
            )
        }
    }
}
