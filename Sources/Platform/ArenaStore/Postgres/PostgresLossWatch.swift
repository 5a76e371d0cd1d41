import Synchronization

/// Shared by a pool's connections: counts detected connection losses, so
/// connections idle since the last loss check themselves before use.
final class PostgresLossWatch: Sendable {
    private let counter = Atomic(0)

    /// Losses seen so far.
    var epoch: Int { counter.load(ordering: .acquiring) }

    /// Records that a connection of this pool was found dead.
    func reportLoss() { counter.add(1, ordering: .releasing) }
}
