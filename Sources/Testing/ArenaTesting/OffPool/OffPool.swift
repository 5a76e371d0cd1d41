import Foundation
import Testing

/// Runs a test, or every test of a suite, on the threads of
/// ``DedicatedThreadExecutor/cpuBound`` instead of the cooperative pool:
/// `@Suite(.cpuBound)`, `@Test(.cpuBound)`.
///
/// For tests that compute for a second or more (capture replays, real-data
/// indicator checks, big fixtures): run on the pool, they would hold its few
/// threads while other tests in the same process wait for a thread to meet a
/// deadline. Synchronous and asynchronous tests both qualify; expectations
/// and issues are recorded as usual (the test's task is the same, only its
/// executor differs).
public struct OffPoolTrait: TestTrait, SuiteTrait, TestScoping {
    /// Applies to every test of a suite it is attached to.
    public var isRecursive: Bool { true }

    /// Runs `function` with the dedicated executor as the task's executor preference.
    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        try await withTaskExecutorPreference(DedicatedThreadExecutor.cpuBound) { try await function() }
    }
}

extension Trait where Self == OffPoolTrait {
    /// The test (or every test of the suite) is CPU-bound: it runs on dedicated
    /// threads, off the cooperative pool (see ``OffPoolTrait``).
    public static var cpuBound: Self { OffPoolTrait() }
}
