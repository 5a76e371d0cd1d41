import GatewayService
import ArenaCore
import ArenaTesting
import Foundation
import MetricsTestKit
import Synchronization
import Testing
@testable import ArenaStore

/// A PostgreSQL cluster of the test's own, driven by `scripts/test-postgres.sh`
/// with `ARENA_TEST_POSTGRES_DIR`: stopping the shared test server would
/// fail every other PostgreSQL test running in parallel.
struct PrivateCluster: Sendable {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("arena-outage-\(UUID().uuidString.prefix(8))").path

    /// Runs `scripts/test-postgres.sh` on this cluster.
    func script(_ arguments: String...) async throws -> String {
        try await TestPostgres.script(arguments, environment: ["ARENA_TEST_POSTGRES_DIR": directory])
    }
}

/// Thread-safe sets and counters filled by the producer tasks.
final class Tally: Sendable {
    private let state = Mutex<(acknowledged: Set<Int64>, offered: Int, failures: [String])>(([], 0, []))

    func acknowledge(_ ids: some Sequence<Int64>) { state.withLock { $0.acknowledged.formUnion(ids) } }
    func offer(_ count: Int) { state.withLock { $0.offered += count } }
    func fail(_ error: any Error) { state.withLock { $0.failures.append("\(error)") } }

    var acknowledged: Set<Int64> { state.withLock { $0.acknowledged } }
    var offered: Int { state.withLock { $0.offered } }
    var failures: [String] { state.withLock { $0.failures } }
}

/// A switch the producer tasks poll.
final class RunFlag: Sendable {
    private let flag = Atomic(true)
    var isOn: Bool { flag.load(ordering: .relaxed) }
    func turnOff() { flag.store(false, ordering: .relaxed) }
}

/// The database goes away while writes are in flight and comes back.
@Suite struct OutageTests {
    /// Like every PostgreSQL case, skipped only on explicit request. It needs the
    /// server binaries, not the shared server: it starts a cluster of its own.
    @Test(
        "PostgreSQL crashes and restarts under load: every acknowledged row is stored once, market data loss is a counted gap",
        .requires(TestPostgres.requirement)
    )
    func postgresRestartUnderLoad() async throws {
        let cluster = PrivateCluster()
        do {
            try await StoreFixtures.withTimeLimit(.seconds(150)) { try await Self.restartScenario(cluster) }
        } catch {
            _ = try? await cluster.script("destroy")
            throw error
        }
        _ = try await cluster.script("destroy")
    }

    static func restartScenario(_ cluster: PrivateCluster) async throws {
        // Commits must reach the disk for an immediate (crash) stop to keep them;
        // the test cluster turns synchronous commit off, so this session turns it on.
        let url = try await cluster.script("start") + "?options=-c%20synchronous_commit%3Don"
        let db = try await Store.open(url: url)
        try await Migrator(database: db).migrate([.gateway, .audit])
        let metrics = TestMetrics()
        let alerts = AlertRecorder()
        let retry = RetryPolicy(initial: .milliseconds(50), maximum: .milliseconds(500))
        func configuration(_ name: String, capacity: Int) -> BatchWriterConfiguration {
            BatchWriterConfiguration(name: name, capacity: capacity, batchSize: 200, maxDelay: .milliseconds(20), retry: retry)
        }
        // Lossless rows (stand-ins for fills and order events), their audit records, and market data.
        let fills = BatchWriter(
            configuration: configuration("fills", capacity: 100_000), sink: TableSink<Trade>(database: db), alert: alerts.hook, metricsFactory: metrics
        )
        let audit = BatchWriter(
            configuration: configuration("audit", capacity: 100_000), sink: AuditSink(log: AuditLog(database: db)), alert: alerts.hook,
            metricsFactory: metrics
        )
        let market = BatchWriter(
            configuration: configuration("md", capacity: 500), sink: TableSink<Trade>(database: db), alert: alerts.hook, metricsFactory: metrics
        )
        let lossless = Tally(), audited = Tally(), feed = Tally()
        let running = RunFlag()

        let producers = Task {
            await withTaskGroup(of: Void.self) { group in
                for producer in 0..<4 {
                    group.addTask {
                        var k: Int64 = 0
                        while running.isOn {
                            let ids = (0..<5).map { Int64(producer + 1) * 1_000_000 + k * 5 + $0 }
                            k += 1
                            do {
                                try await fills.submitAndWait(StoreFixtures.trades(ids))
                                lossless.acknowledge(ids)
                            } catch {
                                lossless.fail(error)
                            }
                        }
                    }
                    // Audit records on their own tasks, so a wait on one writer never starves the other.
                    group.addTask {
                        var k: Int64 = 0
                        while running.isOn {
                            let ref = Int64(producer + 1) * 1_000_000 + k
                            k += 1
                            do {
                                try await audit.submitAndWait([AuditEntry(kind: .fill, ref: "fill-\(ref)", body: Array("\(ref)".utf8))])
                                audited.acknowledge([ref])
                            } catch {
                                audited.fail(error)
                            }
                        }
                    }
                }
                group.addTask {
                    var next: Int64 = 50_000_000
                    while running.isOn {
                        let batch = StoreFixtures.trades(next..<next + 20)
                        next += 20
                        await market.tryEnqueue(batch)
                        feed.offer(batch.count)
                        try? await Task.sleep(for: .milliseconds(5))
                    }
                }
            }
        }

        await StoreFixtures.eventually(.seconds(30), "rows before the crash") { lossless.acknowledged.count >= 2_000 }
        _ = try await cluster.script("stop", "immediate")
        await StoreFixtures.eventually(.seconds(30), "the writers to notice") { await fills.isDegraded }
        // A new order is refused while its writer cannot store it. (The first
        // submission after the database fails discovers the outage and waits.)
        await #expect(throws: StoreError.self) {
            try await fills.submitAndWait([StoreFixtures.trade(999_999_999)], whenDegraded: .refuse)
        }
        try await Task.sleep(for: .seconds(1))
        let duringOutage = lossless.acknowledged.count
        #expect(await fills.currentStatistics.backlog > 0, "submissions keep coming and are buffered")
        #expect(await market.currentStatistics.droppedRows > 0, "the small market-data buffer overflows")
        _ = try await cluster.script("start")
        await StoreFixtures.eventually(.seconds(60), "writes after the restart") { lossless.acknowledged.count > duringOutage + 500 }
        running.turnOff()
        await producers.value
        for writer in [fills, market] { await writer.close() }
        await audit.close()

        #expect(lossless.failures == [] && audited.failures == [], "lossless submissions never fail; they wait")
        let stored = try await StoreFixtures.storedTradeIDs(db)
        #expect(stored.count == Set(stored).count, "no duplicates")
        let storedSet = Set(stored)
        let acknowledged = lossless.acknowledged
        #expect(acknowledged.isSubset(of: storedSet), "\(acknowledged.subtracting(storedSet).count) acknowledged rows are missing")
        #expect(storedSet.filter { $0 < 50_000_000 } == acknowledged, "nothing else was written as a fill")
        let marketStored = storedSet.filter { $0 >= 50_000_000 }.count
        let marketStatistics = await market.currentStatistics
        #expect(marketStored + marketStatistics.droppedRows == feed.offered, "every market row is stored or counted as dropped")
        let gaps = alerts.all.compactMap { alert -> WriterGap? in if case let .rowsDropped(gap) = alert { gap } else { nil } }
        #expect(gaps.map(\.rows).reduce(0, +) == marketStatistics.droppedRows, "every dropped row is in a reported gap")

        for name in ["fills", "audit", "md"] {
            let backlog = try metrics.expectGauge(WriterMetrics.backlogName, [("writer", name)]).values
            #expect((backlog.max() ?? 0) > 0 && backlog.last == 0, "\(name) backlog rose and drained")
            #expect(alerts.contains { $0.writer == name && { if case .outageStarted = $0 { true } else { false } }($0) }, "\(name) outage alerted")
            #expect(alerts.contains { $0.writer == name && { if case .outageEnded = $0 { true } else { false } }($0) }, "\(name) recovery alerted")
        }
        let report = try await AuditVerifier(database: db).verify()
        #expect(report.isIntact && report.rows == audited.acknowledged.count, "\(report.problems)")
        await db.close()
    }
}
