import ArenaTesting
import Foundation
import Synchronization
import Testing
@testable import ArenaStore

/// The PostgreSQL pool: bounded, concurrent, off the cooperative thread
/// pool, and recovering from connections the server has dropped.
@Suite(.requires(TestPostgres.requirement))
struct PostgresPoolTests {
    private static func backendPID(_ db: any SQLExecutor) async throws -> Int64 {
        try await db.query("SELECT pg_backend_pid() AS pid", [])[0].decode("pid")
    }

    @Test("many tasks query at once through a pool that never exceeds its size")
    func concurrentQueries() async throws {
        let application = "arena_pool_\(UInt32.random(in: 0...UInt32.max))"
        try await withTestDatabase(.postgres, options: StoreOptions(poolSize: 3), parameters: ["application_name": application]) { t in
            let results = try await withThrowingTaskGroup(of: (Int64, Int64).self) { group in
                for i in 0..<200 {
                    group.addTask {
                        let rows = try await t.db.query("SELECT $1::bigint * 2 AS v, pg_sleep(0.001)::text AS s", [.integer(Int64(i))])
                        return (Int64(i), try rows[0].decode("v", as: Int64.self))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.count == 200)
            #expect(results.allSatisfy { $0.1 == $0.0 * 2 })
            let sessions = try await TestPostgres.withAdmin { admin in
                try await admin.query("SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1", [.text(application)])[0]
                    .decode("n", as: Int64.self)
            }
            #expect(sessions >= 1 && sessions <= 3)
        }
    }

    @Test("blocking libpq calls do not occupy Swift's cooperative threads")
    func blockingCallsStayOffTheCooperativePool() async throws {
        try await withTestDatabase(.postgres, options: StoreOptions(poolSize: 4)) { t in
            // Four half-second sleeps at once: on the cooperative pool (as
            // many threads as cores) they would stall every other task.
            // Ordering, not timing: the unrelated task must finish while every
            // blocking call is still asleep, however loaded the machine is.
            let finishedSleeps = SleepCount()
            async let sleeps: Void = withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        _ = try await t.db.query("SELECT pg_sleep(2)::text AS s", [])
                        finishedSleeps.value.add(1, ordering: .relaxed)
                    }
                }
                try await group.waitForAll()
            }
            try await Task.sleep(for: .milliseconds(100))
            let work = await Task.detached { (0..<1_000).reduce(0, +) }.value
            #expect(work == 499_500)
            #expect(finishedSleeps.value.load(ordering: .relaxed) == 0, "an unrelated task waited behind blocking database calls")
            try await sleeps
        }
    }

    @Test("a connection killed by the server fails one statement, then a fresh one takes over")
    func connectionLostAndRecovered() async throws {
        try await withTestDatabase(.postgres, options: StoreOptions(poolSize: 1)) { t in
            let before = try await Self.backendPID(t.db)
            try await TestPostgres.terminate([before])
            let error = await #expect(throws: StoreError.self) { try await t.db.query("SELECT 1 AS one", []) }
            guard case .connectionLost = error else { Issue.record("expected connectionLost, got \(String(describing: error))"); return }
            #expect(error?.isTransient == true)
            let after = try await Self.backendPID(t.db)
            #expect(after != before)
        }
    }

    @Test("when every pooled connection dies, only the first statement fails")
    func wholePoolRecoversAfterOneFailure() async throws {
        try await withTestDatabase(.postgres, options: StoreOptions(poolSize: 4)) { t in
            // Open all four connections by keeping them busy at once.
            let pids = try await withThrowingTaskGroup(of: Int64.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        try await t.db.query("SELECT pg_backend_pid() AS pid, pg_sleep(0.2)::text AS s", [])[0].decode("pid", as: Int64.self)
                    }
                }
                return try await group.reduce(into: Set<Int64>()) { $0.insert($1) }
            }
            #expect(pids.count == 4)
            try await TestPostgres.terminate(Array(pids))
            await #expect(throws: StoreError.self) { try await t.db.query("SELECT 1 AS one", []) }
            // Every other connection probes itself before use, so nothing else fails.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<16 { group.addTask { _ = try await t.db.query("SELECT pg_sleep(0.01)::text AS s", []) } }
                try await group.waitForAll()
            }
            let fresh = try await Self.backendPID(t.db)
            #expect(!pids.contains(fresh))
        }
    }

    @Test("a connection lost inside a transaction fails the transaction, not a later caller")
    func connectionLostInsideTransaction() async throws {
        try await withTestDatabase(.postgres, options: StoreOptions(poolSize: 1)) { t in
            try await t.db.execute("CREATE TABLE t (id BIGINT)", [])
            let error = await #expect(throws: StoreError.self) {
                try await t.db.transaction { tx in
                    try await tx.execute("INSERT INTO t (id) VALUES ($1)", [.integer(1)])
                    try await TestPostgres.terminate([try await Self.backendPID(tx)])
                    try await tx.execute("INSERT INTO t (id) VALUES ($1)", [.integer(2)])
                }
            }
            guard case .connectionLost = error else { Issue.record("expected connectionLost, got \(String(describing: error))"); return }
            let rows = try await t.db.query("SELECT count(*) AS n FROM t", [])
            #expect(try rows[0].decode("n", as: Int64.self) == 0)
        }
    }

    @Test("close waits for running statements and then refuses new ones")
    func closeDrainsThePool() async throws {
        let url = try TestPostgres.url()
        let db = try await Store.open(url: url, options: StoreOptions(poolSize: 2))
        async let running = db.query("SELECT pg_sleep(0.2)::text AS s", [])
        try await Task.sleep(for: .milliseconds(50))
        await db.close()
        #expect(try await running.count == 1)
        await #expect(throws: StoreError.closed) { try await db.query("SELECT 1 AS one", []) }
    }
}

/// Counts finished sleeps across tasks.
private final class SleepCount: Sendable {
    let value = Atomic<Int>(0)
}
