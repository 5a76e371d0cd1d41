import ArenaStore
import ArgumentParser
import Foundation
import Logging

/// `arena audit verify`: checks the hash-chained audit log of a store.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Inspect the hash-chained audit log.",
        subcommands: [Verify.self]
    )

    /// Walks the chain and reports every changed, deleted, moved or swapped row.
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Verify the audit log's hash chain.",
            discussion: """
            Reads the audit log in sequence order and recomputes every row's hash.
            Prints "audit log OK" with the row count and the head (SEQ:HASH) and
            exits 0, or prints each problem — which row was changed, which rows
            are missing, which were moved or swapped — and exits 1. Exits 2 when
            the store cannot be read.

            The chain cannot show rows cut off its end. Keep the head printed by
            a run and pass it as --anchor later: the check then also fails if that
            row was removed or rewritten.
            """
        )

        @Option(help: "The store: postgres://user@host:port/db or sqlite:PATH (a password can come from PGPASSWORD).")
        var store: String

        @Option(help: "SEQ:HASH of a row known from an earlier run (its printed head).")
        var anchor: String?

        func run() async throws {
            var expected: AuditAnchor?
            if let anchor {
                guard let parsed = AuditAnchor(parsing: anchor) else {
                    throw ValidationError("--anchor must be SEQ:HASH with a positive SEQ and a 64-digit hex HASH")
                }
                expected = parsed
            }
            let report: AuditReport
            do {
                // The command prints its one-line outcome itself; the store's
                // connection logs would only repeat it on stderr.
                var logger = Logger(label: "arena.audit")
                logger.logLevel = .critical
                let database = try await ArenaStore.Store.open(url: store, options: StoreOptions(logger: logger))
                do {
                    report = try await AuditVerifier(database: database).verify(anchor: expected)
                } catch {
                    await database.close()
                    throw error
                }
                await database.close()
            } catch {
                FileHandle.standardError.write(Data("arena audit verify: \(error)\n".utf8))
                throw ExitCode(2)
            }
            let head = report.head.map { "head \($0)" } ?? "empty"
            guard !report.isIntact else {
                print("audit log OK: \(report.rows) rows, \(head)")
                return
            }
            let more = report.truncated ? " (showing the first \(report.problems.count))" : ""
            print("audit log TAMPERED: \(report.problems.count) problem(s) in \(report.rows) rows\(more), \(head)")
            for problem in report.problems { print("  - \(problem)") }
            throw ExitCode(1)
        }
    }
}
