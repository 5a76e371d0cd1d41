import ArenaCore
import ArenaWire
import Learning
import Models
import Synchronization

/// Learned models' files, checked at every tick boundary (hot reload, spec §5 kind 4).
///
/// Each learned roster entry carries the SHA-256 of its file as the pinned
/// parameter `file_sha256`, so the config hash covers the file and every
/// scorer builds the model from exactly those bytes. Before a round the watch
/// reads each file again (off the cooperative pool): a new file that checks
/// out becomes the pin of this round and the rounds after it; one that does
/// not keeps the old pin (scorers keep running the model they built) and
/// raises an alert once per rejected version.
final class ModelFileWatch: Sendable {
    /// Kinds this service raises (the alerter's catalogue lists them as `AlertKinds.modelFileReloaded` and `.modelFileRejected`).
    static let reloadedKind = "model_file_reloaded", rejectedKind = "model_file_rejected"

    /// What a check found for one model.
    enum Change: Sendable, Equatable {
        /// The round runs the file of SHA-256 `to` instead of `from`.
        case reloaded(model: ModelID, from: String, to: String)
        /// The file (SHA-256 `sha256`, nil when unreadable) cannot run; the model keeps `running`.
        case rejected(model: ModelID, sha256: String?, running: String, reason: String)

        /// The alert that tells operators, raised by `source` at `tick`.
        func alert(source: ServiceName, at tick: Timestamp) -> Alert {
            switch self {
            case let .reloaded(model, from, to):
                Alert(
                    id: "\(reloadedKind)-\(model)-\(to.prefix(16))", severity: .info, kind: reloadedKind, source: source,
                    title: "\(model) runs a new model file", message: "From the tick \(tick) on: sha256 \(to.prefix(12)) (was \(from.prefix(12)))",
                    model: model, fields: ["sha256": to, "previous_sha256": from], time: tick
                )
            case let .rejected(model, sha, running, reason):
                Alert(
                    id: "\(rejectedKind)-\(model)-\(sha?.prefix(16) ?? "unreadable")", severity: .error, kind: rejectedKind, source: source,
                    title: "\(model): the changed model file cannot run; the last good one keeps running", message: String(reason.prefix(500)),
                    model: model, fields: ["sha256": sha ?? "", "running_sha256": running], time: tick
                )
            }
        }
    }

    private struct Watched: Sendable {
        var spec: ModelSpec
        let path: String
        /// The last version refused, so a file left broken alerts once.
        var rejected: String?
    }

    private let watched: Mutex<[ModelID: Watched]>
    private let catalog: ModelCatalog

    /// A watch over the learned entries of `specs` (each already pinned by ``ModelRoster``).
    init(_ specs: [ModelSpec], catalog: ModelCatalog) {
        var table: [ModelID: Watched] = [:]
        for spec in specs where LearnedKinds.kindsWithFiles.contains(spec.kind) {
            if let path = spec.parameter("file") { table[spec.id] = Watched(spec: spec, path: path) }
        }
        watched = Mutex(table)
        self.catalog = catalog
    }

    var isEmpty: Bool { watched.withLock { $0.isEmpty } }

    /// `spec` as the current round runs it: a learned model's latest accepted pin.
    func current(_ spec: ModelSpec) -> ModelSpec {
        watched.withLock { $0[spec.id]?.spec } ?? spec
    }

    /// Reads every watched file and moves each pin to a new file that checks out.
    func refresh() async -> [Change] {
        let entries = watched.withLock { Array($0.values) }.sorted { $0.spec.id < $1.spec.id }
        guard !entries.isEmpty else { return [] }
        let catalog = catalog
        // Reading and hashing files, and building the model to check them, stays off the cooperative pool.
        let outcomes = await OffPool.run { entries.map { Self.check($0, catalog: catalog) } }
        var changes: [Change] = []
        watched.withLock { table in
            for (entry, outcome) in zip(entries, outcomes) {
                switch outcome {
                case .unchanged: table[entry.spec.id]?.rejected = nil
                case .accepted(let spec, let from, let to):
                    table[entry.spec.id]?.spec = spec
                    table[entry.spec.id]?.rejected = nil
                    changes.append(.reloaded(model: entry.spec.id, from: from, to: to))
                case .refused(let sha, let reason):
                    let key = sha ?? reason
                    guard table[entry.spec.id]?.rejected != key else { continue }
                    table[entry.spec.id]?.rejected = key
                    let running = table[entry.spec.id]?.spec.parameter(MLPPolicy.pinParameter) ?? ""
                    changes.append(.rejected(model: entry.spec.id, sha256: sha, running: running, reason: reason))
                }
            }
        }
        return changes
    }

    private enum Outcome: Sendable {
        case unchanged
        case accepted(ModelSpec, from: String, to: String)
        case refused(sha256: String?, reason: String)
    }

    private static func check(_ entry: Watched, catalog: ModelCatalog) -> Outcome {
        let pinned = entry.spec.parameter(MLPPolicy.pinParameter) ?? ""
        let sha: String
        do { sha = try ModelFileReader.hash(entry.path) } catch { return .refused(sha256: nil, reason: "\(error)") }
        guard sha != pinned else { return .unchanged }
        do {
            let spec = try ModelRoster.pinned(entry.spec, sha256: sha)
            // Building the model reads, decodes and checks the file, exactly as a scorer will.
            _ = try catalog.model(spec)
            return .accepted(spec, from: pinned, to: sha)
        } catch {
            return .refused(sha256: sha, reason: "\(error)")
        }
    }
}
