import ArenaStore
import ArenaTesting
import Foundation
import Logging
import Testing

/// The databases the store suite runs against: every parameterised test
/// runs once on SQLite and once on PostgreSQL.
enum TestStoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    /// The kinds to test. PostgreSQL is left out only when
    /// `ARENA_TEST_SKIP_POSTGRES=1` says so explicitly, and never under CI;
    /// a missing server URL fails those tests instead (see ``TestPostgres/url()``).
    static var all: [TestStoreKind] { TestPostgres.requirement.allowsSkipping ? [.sqlite] : [.sqlite, .postgres] }

    var testDescription: String { rawValue }

    /// Column type for exact decimals: NUMERIC on PostgreSQL, TEXT on
    /// SQLite (whose NUMERIC affinity would round through a double).
    var decimalType: String { self == .postgres ? "NUMERIC" : "TEXT" }
    /// Column type for byte strings.
    var blobType: String { self == .postgres ? "BYTEA" : "BLOB" }
    /// Column type for doubles.
    var realType: String { "DOUBLE PRECISION" }
}

/// An opened test database and the URL it was opened with.
struct TestDatabase: Sendable {
    let kind: TestStoreKind
    /// The URL `db` was opened with (for PostgreSQL: pinned to the test's schema).
    let url: String
    let db: any SQLDatabase
}

/// A test could not run because its environment is incomplete.
struct TestSetupError: Error, CustomStringConvertible {
    let description: String
}

/// Runs `body` against a fresh, empty database of `kind`, then removes it:
/// a temporary SQLite file, or a new PostgreSQL schema (so tests can run
/// in parallel on one server without seeing each other's tables).
/// `parameters` are extra libpq URL parameters (PostgreSQL only).
func withTestDatabase<T: Sendable>(
    _ kind: TestStoreKind,
    options: StoreOptions = StoreOptions(),
    parameters: [String: String] = [:],
    _ body: (TestDatabase) async throws -> T
) async throws -> T {
    var options = options
    options.logger = TestPostgres.quietLogger
    switch kind {
    case .sqlite:
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("arena-store-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let url = "sqlite:\(path)"
        let db = try await Store.open(url: url, options: options)
        return try await run(TestDatabase(kind: kind, url: url, db: db), body)
    case .postgres:
        let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        var all = parameters
        all["options"] = "-c search_path=\(schema)"
        let url = try TestPostgres.url(parameters: all)
        _ = try await TestPostgres.withAdmin { try await $0.execute("CREATE SCHEMA \(schema)", []) }
        let result: Result<T, any Error>
        do {
            let db = try await Store.open(url: url, options: options)
            result = .success(try await run(TestDatabase(kind: kind, url: url, db: db), body))
        } catch {
            result = .failure(error)
        }
        _ = try await TestPostgres.withAdmin { try await $0.execute("DROP SCHEMA \(schema) CASCADE", []) }
        return try result.get()
    }
}

/// Runs `body` and closes the database whether or not it throws.
private func run<T: Sendable>(_ database: TestDatabase, _ body: (TestDatabase) async throws -> T) async throws -> T {
    do {
        let value = try await body(database)
        await database.db.close()
        return value
    } catch {
        await database.db.close()
        throw error
    }
}

/// The PostgreSQL server the tests use, started by `scripts/test-postgres.sh`.
enum TestPostgres {
    private static var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// Logs warnings and errors only: opening and closing hundreds of test
    /// databases at info level would bury the test output.
    static var quietLogger: Logger {
        var logger = Logger(label: "arena.store.test")
        logger.logLevel = .warning
        return logger
    }

    /// PostgreSQL, which `ARENA_TEST_SKIP_POSTGRES=1` deliberately leaves out
    /// (except under CI): `.requires(TestPostgres.requirement)` for
    /// PostgreSQL-only tests and suites.
    static let requirement = TestRequirement("PostgreSQL (ARENA_TEST_SKIP_POSTGRES=1 is set)") {
        ProcessInfo.processInfo.environment["ARENA_TEST_SKIP_POSTGRES"] != "1"
    }

    /// The server URL from `ARENA_TEST_POSTGRES_URL`, with extra query
    /// `parameters` (percent-encoded here); throws, failing the test with
    /// instructions, when it is not set.
    static func url(parameters: [String: String] = [:]) throws -> String {
        guard let base = environment["ARENA_TEST_POSTGRES_URL"], !base.isEmpty else {
            throw TestSetupError(description: """
                ARENA_TEST_POSTGRES_URL is not set, so the PostgreSQL tests cannot run. \
                Start the test server and export its URL: \
                export ARENA_TEST_POSTGRES_URL=$(scripts/test-postgres.sh start) \
                (or run `make test`, which does both). \
                To skip the PostgreSQL tests deliberately, set ARENA_TEST_SKIP_POSTGRES=1.
                """)
        }
        guard !parameters.isEmpty else { return base }
        let query = parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\(percentEncoded($0.value))" }
        return base + (base.contains("?") ? "&" : "?") + query.joined(separator: "&")
    }

    /// Runs `body` with a one-connection database on the server's test
    /// database (public schema), for setup and for acting on other sessions.
    static func withAdmin<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        let admin = try await Store.open(url: try url(), options: StoreOptions(poolSize: 1, logger: quietLogger))
        return try await run(TestDatabase(kind: .postgres, url: try url(), db: admin)) { try await body($0.db) }
    }

    /// Terminates the server sessions with these backend process ids, and
    /// waits until they are gone, so the next statement on them fails.
    static func terminate(_ pids: [Int64]) async throws {
        try await withAdmin { admin in
            for pid in pids { _ = try await admin.query("SELECT pg_terminate_backend($1) AS done", [.integer(pid)]) }
            for _ in 0..<200 {
                let rows = try await admin.query(
                    "SELECT count(*) AS n FROM pg_stat_activity WHERE pid = ANY($1::int[])",
                    [.text("{" + pids.map(String.init).joined(separator: ",") + "}")]
                )
                if try rows[0].decode("n", as: Int64.self) == 0 { return }
                try await Task.sleep(for: .milliseconds(10))
            }
            throw TestSetupError(description: "backends \(pids) did not terminate")
        }
    }

    /// Runs `scripts/test-postgres.sh` with `arguments` (and `environment`
    /// added to this process's) and returns its standard output, without
    /// blocking a thread of the cooperative pool: starting a server takes
    /// seconds, and the tests running meanwhile need those threads. For tests
    /// that stop and restart a server: `ARENA_TEST_POSTGRES_DIR` gives such a
    /// test a cluster of its own.
    static func script(_ arguments: [String], environment: [String: String] = [:]) async throws -> String {
        let script = TestData.repository.appendingPathComponent("scripts/test-postgres.sh")
        let run = try await ChildProcess.run(script, arguments, environment: environment)
        guard run.status == 0 else {
            throw TestSetupError(description: "scripts/test-postgres.sh \(arguments.joined(separator: " ")) exited with \(run.status): \(run.stderr)")
        }
        return run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func percentEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
    }
}
