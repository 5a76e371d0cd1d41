import ArenaTesting
import Foundation
import Testing
@testable import ArenaStore

/// `arena audit verify`, run as the built executable against real stores.
@Suite struct AuditCLITests {
    /// The `arena` executable built next to this test bundle.
    static let arena: URL = {
        let bundle = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: bundle).deletingLastPathComponent().appendingPathComponent("arena")
    }()

    /// Runs `arena audit verify` with `arguments`; returns its exit status and output.
    static func verify(_ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
        guard FileManager.default.isExecutableFile(atPath: arena.path) else {
            throw TestSetupError(description: "\(arena.path) is missing; build everything first (swift build --build-tests)")
        }
        let run = try await ChildProcess.run(arena, ["audit", "verify"] + arguments)
        return (run.status, run.stdout, run.stderr)
    }

    @Test("an intact log prints OK with its head and exits 0", arguments: TestStoreKind.all)
    func intact(kind: TestStoreKind) async throws {
        try await withTestDatabase(kind) { t in
            try await AuditTests.populate(t.db)
            let head = try #require(try await AuditVerifier(database: t.db).verify().head)
            let result = try await Self.verify(["--store", t.url])
            #expect(result.status == 0, "\(result)")
            #expect(result.stdout == "audit log OK: 10 rows, head \(head)\n")
            #expect(try await Self.verify(["--store", t.url, "--anchor", head.description]).status == 0)
        }
    }

    @Test("an edited row, a deleted row and a swapped pair are each named, with exit status 1", arguments: TestStoreKind.all)
    func tampered(kind: TestStoreKind) async throws {
        try await withTestDatabase(kind) { t in
            try await AuditTests.populate(t.db)
            _ = try await AuditTests.apply(.editBody, to: t.db)
            let log = AuditTables.log.ref.sql
            try await t.db.execute("DELETE FROM \(log) WHERE seq = 7", [])
            for (to, from) in [(-2, 2), (2, 3), (3, -2)] {
                try await t.db.execute("UPDATE \(log) SET seq = $1 WHERE seq = $2", [.integer(Int64(to)), .integer(Int64(from))])
            }
            let result = try await Self.verify(["--store", t.url])
            #expect(result.status == 1, "\(result)")
            let lines = result.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first?.hasPrefix("audit log TAMPERED: 3 problem(s) in 9 rows, head 10:") == true, "\(lines)")
            #expect(Array(lines.dropFirst()) == [
                "  - rows 2 and 3 were swapped",
                "  - row 4 was changed: its contents no longer match its hash",
                "  - row 7 is missing (deleted)",
            ])
        }
    }

    @Test("a truncated tail fails against the anchor; a bad anchor or store is a usage error")
    func anchorsAndErrors() async throws {
        try await withTestDatabase(.sqlite) { t in
            try await AuditTests.populate(t.db)
            let anchor = try #require(try await AuditTests.apply(.truncateTailWithAnchor, to: t.db))
            let truncated = try await Self.verify(["--store", t.url, "--anchor", anchor.description])
            #expect(truncated.status == 1)
            #expect(truncated.stdout.contains("row 10 is gone, but the anchor says it exists"), "\(truncated)")
            #expect(try await Self.verify(["--store", t.url, "--anchor", "10:xyz"]).status == 64)
        }
        let missing = try await Self.verify(["--store", "sqlite:/nonexistent-dir/arena.db"])
        #expect(missing.status == 2)
        #expect(missing.stderr.hasPrefix("arena audit verify: "), "\(missing)")
    }
}
