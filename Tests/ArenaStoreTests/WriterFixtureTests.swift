import FeaturesService
import GatewayService
import ArenaCore
import Foundation
import Synchronization
import Testing
@testable import ArenaStore

/// Fixtures shared by the migration, writer, audit and outage suites, and
/// the tests that show the fixtures themselves do what the suites rely on.
enum StoreFixtures {
    /// The real services' schemas and the audit log: what these tests migrate.
    static let schemas: [ServiceSchema] = [.gateway, .features, .audit]

    /// A BTCUSDT trade with id `id` at `time` (default: 2024-08-01 plus `id` ms).
    static func trade(_ id: Int64, at time: Timestamp? = nil) -> Trade {
        let at = time ?? Timestamp(milliseconds: 1_722_470_400_000 + id)
        return Trade(
            venue: VenueID(unchecked: "binance"), symbol: Symbol(unchecked: "BTCUSDT"), market: .spot, tradeID: id,
            price: FixedDecimal(integerLiteral: 60_000) + FixedDecimal(integerLiteral: Int(id % 100)),
            quantity: try! FixedDecimal(parsing: "0.001"), takerSide: id.isMultiple(of: 2) ? .buy : .sell,
            eventTime: at, receiveTime: at.advanced(by: .milliseconds(3))
        )
    }

    /// Trades with ids `ids`.
    static func trades(_ ids: some Sequence<Int64>) -> [Trade] { ids.map { trade($0) } }

    /// The trade ids stored, in order.
    static func storedTradeIDs(_ db: any SQLExecutor) async throws -> [Int64] {
        try await db.query("SELECT trade_id FROM \(GatewayTables.trades.ref.sql) ORDER BY trade_id", []).map { try $0.decode("trade_id") }
    }

    /// `count(*)` of `table`.
    static func count(_ table: TableSpec, _ db: any SQLExecutor) async throws -> Int {
        try await db.query("SELECT count(*) AS n FROM \(table.ref.sql)", [])[0].decode("n")
    }

    /// A second database on the same store as `t` whose writes give up fast
    /// when a table is locked: SQLite's busy timeout and PostgreSQL's
    /// `lock_timeout` of 50 ms, so a ``WriteBlocker`` turns into write errors
    /// (an outage) instead of long waits.
    static func impatientDatabase(for t: TestDatabase) async throws -> any SQLDatabase {
        switch t.kind {
        case .sqlite:
            return try await Store.open(url: t.url, options: StoreOptions(sqliteBusyTimeout: .milliseconds(50)))
        case .postgres:
            let schema: String = try await t.db.query("SELECT current_schema() AS s", [])[0].decode("s")
            let url = try TestPostgres.url(parameters: ["options": "-c search_path=\(schema) -c lock_timeout=50"])
            return try await Store.open(url: url)
        }
    }

    /// Polls `condition` every 10 ms until it holds; records an issue and
    /// returns false after `timeout`.
    @discardableResult
    static func eventually(
        _ timeout: Duration, _ what: String, sourceLocation: SourceLocation = #_sourceLocation,
        _ condition: () async throws -> Bool
    ) async rethrows -> Bool {
        let end = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < end {
            if try await condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("timed out after \(timeout) waiting for \(what)", sourceLocation: sourceLocation)
        return false
    }

    /// Runs `body`, failing (not hanging) when it takes longer than `limit`.
    /// The body runs in a task of its own, so a body that ignores
    /// cancellation cannot hold the test past the limit (a task group would
    /// wait for it).
    static func withTimeLimit<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let outcome = FirstOutcome<T>()
        let work = Task<Void, Never> {
            do { outcome.settle(.success(try await body())) } catch { outcome.settle(.failure(error)) }
        }
        let timer = Task<Void, Never> {
            try? await Task.sleep(for: limit)
            outcome.settle(.failure(TestSetupError(description: "the test did not finish within \(limit)")))
            work.cancel()
        }
        defer { timer.cancel() }
        return try await outcome.value()
    }
}

/// The first of several results, handed to one waiter whichever comes first.
final class FirstOutcome<T: Sendable>: Sendable {
    private enum State {
        case empty
        case waiting(CheckedContinuation<T, any Error>)
        case settled(Result<T, any Error>)
    }

    private let state = Mutex<State>(.empty)

    /// Records `result` unless a result came first.
    func settle(_ result: Result<T, any Error>) {
        let waiter: CheckedContinuation<T, any Error>? = state.withLock { state in
            switch state {
            case .settled: return nil
            case .empty:
                state = .settled(result)
                return nil
            case let .waiting(continuation):
                state = .settled(result)
                return continuation
            }
        }
        waiter?.resume(with: result)
    }

    /// Waits for the first result.
    func value() async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let ready: Result<T, any Error>? = state.withLock { state in
                if case let .settled(result) = state { return result }
                state = .waiting(continuation)
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
    }
}

/// Collects a writer's alerts.
final class AlertRecorder: Sendable {
    private let alerts = Mutex<[WriterAlert]>([])

    /// The hook to give a writer.
    var hook: @Sendable (WriterAlert) -> Void { { alert in self.alerts.withLock { $0.append(alert) } } }

    /// Everything received so far.
    var all: [WriterAlert] { alerts.withLock { $0 } }

    /// Whether an alert matching `predicate` arrived.
    func contains(_ predicate: (WriterAlert) -> Bool) -> Bool { all.contains(where: predicate) }
}

/// Holds the write lock of `table` on a connection of its own, the way a
/// long migration or a stuck transaction would: SQLite's `BEGIN IMMEDIATE`,
/// PostgreSQL's `LOCK TABLE … IN ACCESS EXCLUSIVE MODE`. Writers on an
/// ``StoreFixtures/impatientDatabase(for:)`` then fail with
/// `SQLITE_BUSY` or `lock_not_available` until ``release()``: a real
/// database outage without stopping a server.
final class WriteBlocker: Sendable {
    private let database: any SQLDatabase
    private let releaseSignal: AsyncStream<Void>.Continuation
    private let holder: Task<Void, any Error>

    private init(database: any SQLDatabase, releaseSignal: AsyncStream<Void>.Continuation, holder: Task<Void, any Error>) {
        self.database = database
        self.releaseSignal = releaseSignal
        self.holder = holder
    }

    /// Takes the lock and returns once it is held.
    static func hold(_ table: TableSpec, on t: TestDatabase) async throws -> WriteBlocker {
        let database = try await Store.open(url: t.url, options: StoreOptions(poolSize: 1))
        let (released, releaseSignal) = AsyncStream<Void>.makeStream()
        let (held, heldSignal) = AsyncStream<Void>.makeStream()
        let holder = Task {
            defer { heldSignal.finish() }
            try await database.transaction { tx in
                if tx.dialect == .postgres { try await tx.execute("LOCK TABLE \(table.ref.sql) IN ACCESS EXCLUSIVE MODE", []) }
                heldSignal.yield()
                for await _ in released {}
            }
        }
        for await _ in held { break }
        return WriteBlocker(database: database, releaseSignal: releaseSignal, holder: holder)
    }

    /// Ends the transaction and closes the connection.
    func release() async throws {
        releaseSignal.finish()
        try await holder.value
        await database.close()
    }
}

/// The fixtures do what the suites rely on.
@Suite struct WriterFixtureTests {
    @Test("a held write lock makes an impatient writer fail with a retryable error", arguments: TestStoreKind.all)
    func blockerCausesRetryableFailures(kind: TestStoreKind) async throws {
        try await withTestDatabase(kind) { t in
            try await Migrator(database: t.db).migrate(.gateway)
            let impatient = try await StoreFixtures.impatientDatabase(for: t)
            let blocker = try await WriteBlocker.hold(GatewayTables.trades, on: t)
            let sink = TableSink<Trade>(database: impatient)
            let error = await #expect(throws: StoreError.self) { try await sink.write(StoreFixtures.trades(1...3)) }
            #expect(error?.isPermanentWriteFailure == false, "\(String(describing: error))")
            try await blocker.release()
            try await sink.write(StoreFixtures.trades(1...3))
            #expect(try await StoreFixtures.storedTradeIDs(t.db) == [1, 2, 3])
            await impatient.close()
        }
    }
}
