import ArenaTesting
import Foundation
import Glibc
import Testing
@testable import ArenaStore

/// Store URLs: what parses, what does not and why, and that no message
/// ever shows the password.
@Suite struct DriverURLTests {
    private static let secret = "s3cr%2Ft"

    @Test("PostgreSQL URLs parse into their parts")
    func postgresURLs() throws {
        let url = try #require(try StoreURL(parsing: "postgres://arena:\(Self.secret)@db.example:5433/arena_prod?sslmode=require&application_name=oms").postgres)
        #expect(url.user == "arena")
        #expect(url.password == "s3cr/t")
        #expect(url.host == "db.example")
        #expect(url.port == 5433)
        #expect(url.database == "arena_prod")
        #expect(url.parameters.map(\.name) == ["sslmode", "application_name"])
        #expect(url.description == "postgres://arena:***@db.example:5433/arena_prod?sslmode=require&application_name=oms")

        let other = try #require(try StoreURL(parsing: "POSTGRESQL://[::1]/db%20name?password=hunter2").postgres)
        #expect(other.user == nil)
        #expect(other.host == "::1")
        #expect(other.port == 5432)
        #expect(other.database == "db name")
        #expect(other.password == "hunter2")
        #expect(other.parameters.isEmpty)

        let socket = try #require(try StoreURL(parsing: "postgres://me@%2Fvar%2Frun%2Fpostgresql/db").postgres)
        #expect(socket.host == "/var/run/postgresql")
        #expect(try StoreURL(parsing: "postgres://u@h/db").dialect == .postgres)
    }

    @Test("SQLite URLs name a path or memory")
    func sqliteURLs() throws {
        #expect(try StoreURL(parsing: "sqlite:var/arena.db") == .sqlite(path: "var/arena.db"))
        #expect(try StoreURL(parsing: "sqlite:/srv/arena.db") == .sqlite(path: "/srv/arena.db"))
        #expect(try StoreURL(parsing: "sqlite:///srv/arena.db") == .sqlite(path: "/srv/arena.db"))
        #expect(try StoreURL(parsing: "SQLite::memory:") == .sqlite(path: ":memory:"))
        #expect(try StoreURL(parsing: "sqlite:a.db").dialect == .sqlite)
    }

    @Test("malformed URLs are refused with a reason and the password masked", arguments: [
        ("", "empty"),
        ("mysql://u:\(secret)@h/db", "unknown scheme"),
        ("arena.db", "unknown scheme"),
        ("postgres://u:\(secret)@h", "missing database"),
        ("postgres://u:\(secret)@h/", "missing database"),
        ("postgres://u:\(secret)@/db", "missing host"),
        ("postgres://u:\(secret)@h:99999/db", "port"),
        ("postgres://u:\(secret)@h:54x/db", "port"),
        ("postgres://u:\(secret)@h1,h2/db", "several hosts"),
        ("postgres://u:\(secret)@h/db?sslmode=maybe", "sslmode"),
        ("postgres://u:\(secret)@h/db?no_such_option=1", "unknown connection parameter"),
        ("postgres://u:\(secret)@h/db?port=1", "part of the URL"),
        ("postgres://u:\(secret)@h/db?client_encoding=LATIN1", "always UTF8"),
        ("postgres://u:\(secret)@h/db?sslmode", "name=value"),
        ("postgres://u:\(secret)@h/db#x", "fragment"),
        ("postgres://u:p%zz@h/db", "percent-encoding"),
        ("postgres://u@h/db?password=\(secret)&password=x", "twice"),
        ("sqlite:", "missing file path"),
        ("sqlite://host/arena.db", "names a host"),
    ])
    func malformed(text: String, reason: String) {
        let error = #expect(throws: StoreError.self) { try StoreURL(parsing: text) }
        guard case let .invalidURL(shown, why) = error else { Issue.record("unexpected \(String(describing: error))"); return }
        #expect(why.contains(reason), "\(text): \(why)")
        #expect(!"\(error!)".contains("s3cr"), "\(error!)")
        #expect(!shown.contains("s3cr"))
    }

    @Test("masking handles passwords with unescaped delimiters")
    func redactionIsGreedy() {
        #expect(URLText.redact("postgres://u:pa/ss@h/db") == "postgres://u:***@h/db")
        #expect(URLText.redact("postgres://u:p@ss@h/db?sslpassword=x&a=b") == "postgres://u:***@h/db?sslpassword=***&a=b")
        #expect(URLText.redact("sqlite:x.db") == "sqlite:x.db")
    }

    @Test("an unreachable server is reported with libpq's reason and no password")
    func unreachableServer() async throws {
        let port = try Self.closedPort()
        let error = await #expect(throws: StoreError.self) {
            try await Store.open(url: "postgres://arena:\(Self.secret)@127.0.0.1:\(port)/arena?connect_timeout=2")
        }
        guard case let .unreachable(url, reason) = error else { Issue.record("unexpected \(String(describing: error))"); return }
        #expect(url == "postgres://arena:***@127.0.0.1:\(port)/arena?connect_timeout=2")
        #expect(reason.contains("Connection refused"), "\(reason)")
        #expect(!"\(error!)".contains("s3cr"))
    }

    @Test("an SQLite path in a missing directory names the directory")
    func missingDirectory() async throws {
        let error = await #expect(throws: StoreError.self) { try await Store.open(url: "sqlite:/nonexistent-arena-dir/a.db") }
        guard case let .unreachable(url, reason) = error else { Issue.record("unexpected \(String(describing: error))"); return }
        #expect(url == "sqlite:/nonexistent-arena-dir/a.db")
        #expect(reason.contains("directory /nonexistent-arena-dir does not exist"), "\(reason)")
    }

    @Test("a wrong database name on a live server is unreachable, with the server's reason", .requires(TestPostgres.requirement))
    func unknownDatabase() async throws {
        let base = try #require(try StoreURL(parsing: try TestPostgres.url()).postgres, "ARENA_TEST_POSTGRES_URL is not a PostgreSQL URL")
        let url = "postgres://\(base.user ?? "postgres")@\(base.host):\(base.port)/no_such_database_here"
        let error = await #expect(throws: StoreError.self) { try await Store.open(url: url) }
        guard case let .unreachable(_, reason) = error else { Issue.record("unexpected \(String(describing: error))"); return }
        #expect(reason.contains("does not exist"), "\(reason)")
    }

    /// A TCP port on 127.0.0.1 that nothing listens on: bound, then closed.
    private static func closedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestSetupError(description: "socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw TestSetupError(description: "bind() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

extension StoreURL {
    /// The PostgreSQL URL, or nil for SQLite (for `#require`).
    var postgres: PostgresURL? {
        if case let .postgres(url) = self { url } else { nil }
    }
}
