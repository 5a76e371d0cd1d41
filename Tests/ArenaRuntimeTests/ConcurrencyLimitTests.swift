import Synchronization
import Testing
import ArenaRuntime

/// CPU-bound models decide under the scorer's limit: never more than `limit`
/// inside at once, waiters let in as slots free, none lost.
@Suite struct ConcurrencyLimitTests {
    /// How many are inside now, the most ever inside, and how many finished.
    final class Tally: Sendable {
        let state = Mutex((inside: 0, most: 0, done: 0))
    }

    @Test(arguments: [1, 2, 3])
    func neverMoreThanTheLimitInsideAndEveryoneGetsIn(limit: Int) async {
        let gate = ConcurrencyLimit(limit)
        let tally = Tally()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<40 {
                group.addTask {
                    await gate.run {
                        tally.state.withLock { $0.inside += 1; $0.most = max($0.most, $0.inside) }
                        try? await Task.sleep(for: .milliseconds(2))
                        tally.state.withLock { $0.inside -= 1; $0.done += 1 }
                    }
                }
            }
        }
        let final = tally.state.withLock { $0 }
        #expect(final.done == 40 && final.inside == 0)
        #expect(final.most <= limit)
    }
}
