import GatewayService
import ArenaCore
import Testing
@testable import ArenaStore

/// Migrations: versioned, forward-only, recorded, idempotent, serialised;
/// the same on SQLite and PostgreSQL.
@Suite struct MigrationTests {
    /// A throw-away service schema for history tests.
    static func scratch(_ migrations: [Migration]) -> ServiceSchema { ServiceSchema(name: "scratch", migrations: migrations) }

    static let notes = TableSpec(
        TableRef(service: "scratch", name: "notes"), columns: [Column("id", .integer), Column("text", .text)], primaryKey: ["id"]
    )
    static let tags = TableSpec(
        TableRef(service: "scratch", name: "tags"), columns: [Column("id", .integer), Column("tag", .text)], primaryKey: ["id", "tag"]
    )
    static let first = Migration(version: 1, name: "notes", steps: [.createTable(notes)])
    static let second = Migration(version: 2, name: "tags", steps: [.createTable(tags)])

    static func historyVersions(_ migrator: Migrator, _ schema: ServiceSchema) async throws -> [Int] {
        try await migrator.history(of: schema).map(\.version)
    }

    @Test("every service's schema applies, then re-running is a no-op", arguments: TestStoreKind.all)
    func allServicesApplyOnce(kind: TestStoreKind) async throws {
        try await withTestDatabase(kind) { t in
            let migrator = Migrator(database: t.db)
            let first = try await migrator.migrate(StoreFixtures.schemas)
            #expect(first.map(\.service) == ["gateway", "features", "audit"])
            for (report, schema) in zip(first, StoreFixtures.schemas) {
                #expect(report.applied == schema.migrations.map(\.version) && report.version == schema.migrations.count)
            }
            let again = try await migrator.migrate(StoreFixtures.schemas)
            #expect(zip(again, StoreFixtures.schemas).allSatisfy { $0.applied.isEmpty && $0.version == $1.migrations.count })
            for schema in StoreFixtures.schemas {
                let history = try await migrator.history(of: schema)
                #expect(history.map(\.version) == schema.migrations.map(\.version))
                #expect(history.map(\.checksum) == schema.migrations.map { $0.checksum(kind == .postgres ? .postgres : .sqlite) })
                for table in schema.tables {
                    #expect(try await StoreFixtures.count(table, t.db) == 0, "\(table.ref) should exist and be empty")
                }
            }
        }
    }

    @Test("only migrations newer than the recorded history are applied", arguments: TestStoreKind.all)
    func appliesOnlyNewVersions(kind: TestStoreKind) async throws {
        try await withTestDatabase(kind) { t in
            let migrator = Migrator(database: t.db)
            #expect(try await migrator.migrate(Self.scratch([Self.first])).applied == [1])
            try await t.db.execute("INSERT INTO \(Self.notes.ref.sql) (id, text) VALUES (1, 'kept')", [])
            #expect(try await migrator.migrate(Self.scratch([Self.first, Self.second])).applied == [2])
            #expect(try await Self.historyVersions(migrator, Self.scratch([])) == [1, 2])
            #expect(try await StoreFixtures.count(Self.notes, t.db) == 1)
        }
    }

    @Test("an applied migration whose SQL changed is refused (forward-only)", arguments: TestStoreKind.all)
    func changedMigrationIsRefused(kind: TestStoreKind) async throws {
        try await withTestDatabase(kind) { t in
            let migrator = Migrator(database: t.db)
            try await migrator.migrate(Self.scratch([Self.first]))
            let edited = TableSpec(
                Self.notes.ref, columns: Self.notes.columns + [Column("extra", .text, nullable: true)], primaryKey: ["id"]
            )
            let error = await #expect(throws: StoreError.self) {
                try await migrator.migrate(Self.scratch([Migration(version: 1, name: "notes", steps: [.createTable(edited)])]))
            }
            guard case let .migration(version, reason) = error else { Issue.record("got \(String(describing: error))"); return }
            #expect(version == 1)
            #expect(reason.contains("was changed after it was applied"), "\(reason)")
        }
    }

    @Test("a database newer than the code is refused", arguments: TestStoreKind.all)
    func newerDatabaseIsRefused(kind: TestStoreKind) async throws {
        try await withTestDatabase(kind) { t in
            let migrator = Migrator(database: t.db)
            try await migrator.migrate(Self.scratch([Self.first, Self.second]))
            let error = await #expect(throws: StoreError.self) { try await migrator.migrate(Self.scratch([Self.first])) }
            guard case let .migration(version, reason) = error else { Issue.record("got \(String(describing: error))"); return }
            #expect(version == 2)
            #expect(reason.contains("knows only up to 1"), "\(reason)")
        }
    }

    @Test("a failing migration leaves schema and history as they were", arguments: TestStoreKind.all)
    func failureRollsBack(kind: TestStoreKind) async throws {
        try await withTestDatabase(kind) { t in
            let migrator = Migrator(database: t.db)
            try await migrator.migrate(Self.scratch([Self.first]))
            let broken = Migration(
                version: 3, name: "broken",
                steps: [.statements(postgres: ["CREATE TABLE \"scratch_later\" (x BIGINT)", "NOT SQL"], sqlite: ["CREATE TABLE \"scratch_later\" (x INTEGER)", "NOT SQL"])]
            )
            let error = await #expect(throws: StoreError.self) {
                try await migrator.migrate(Self.scratch([Self.first, Self.second, broken]))
            }
            guard case let .migration(version, _) = error else { Issue.record("got \(String(describing: error))"); return }
            #expect(version == 3)
            #expect(try await Self.historyVersions(migrator, Self.scratch([])) == [1])
            // Version 2 ran in the same transaction as the failed 3, so it is gone too.
            await #expect(throws: StoreError.self) { try await StoreFixtures.count(Self.tags, t.db) }
        }
    }

    @Test("concurrent starts apply each migration exactly once", arguments: TestStoreKind.all)
    func concurrentMigrationsSerialise(kind: TestStoreKind) async throws {
        try await withTestDatabase(kind) { t in
            // Separate connections, as separate service processes would have.
            let reports = try await withThrowingTaskGroup(of: [MigrationReport].self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        let db = try await Store.open(url: t.url, options: StoreOptions(poolSize: 1, sqliteBusyTimeout: .seconds(30)))
                        do {
                            let reports = try await Migrator(database: db).migrate(StoreFixtures.schemas)
                            await db.close()
                            return reports
                        } catch {
                            await db.close()
                            throw error
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            for (index, schema) in StoreFixtures.schemas.enumerated() {
                let versions = schema.migrations.map(\.version)
                #expect(reports.map { $0[index].applied.count }.reduce(0, +) == versions.count, "\(schema) applied each migration once in total")
                #expect(try await Self.historyVersions(Migrator(database: t.db), schema) == versions)
            }
        }
    }

    @Test("the declarations are consistent and partition keys are in every primary key")
    func declarationsAreValid() {
        for schema in StoreFixtures.schemas { #expect(schema.validate() == [], "\(schema)") }
        let bad = ServiceSchema(
            name: "bad",
            migrations: [
                Migration(
                    version: 2, name: "gap",
                    steps: [
                        .createTable(
                            TableSpec(
                                TableRef(service: "bad", name: "t"), columns: [Column("id", .integer), Column("at", .timestamp)],
                                primaryKey: ["id"], partitioning: .monthly(column: "at")
                            )
                        ),
                        .createTable(TableSpec(TableRef(service: "other", name: "u"), columns: [Column("id", .integer)], primaryKey: ["nope"])),
                    ]
                )
            ]
        )
        #expect(
            bad.validate() == [
                "bad: migration \"gap\" has version 2, expected 1",
                "bad_t: the primary key must contain the partition column at",
                "bad: table other_u belongs to another service",
                "other_u: unknown column nope",
            ]
        )
    }

    @Test("trades and bars are monthly partitions on PostgreSQL and plain tables on SQLite", arguments: TestStoreKind.all)
    func partitionsAheadAndOnDemand(kind: TestStoreKind) async throws {
        try await withTestDatabase(kind) { t in
            let mid = Timestamp(milliseconds: 1_734_000_000_000)  // 2024-12-12
            // Service start: migrate, then partitions for this month and two ahead.
            let maintainer = try await Migrator(database: t.db, clock: SimulatedClock(start: mid)).prepare(.gateway)
            let created = try await PartitionMaintainer(database: t.db, schema: .gateway).ensureAhead(from: mid.advanced(by: .seconds(86_400 * 31)))
            let again = try await maintainer.ensureAhead(from: mid)
            let fresh = PartitionMaintainer(database: t.db, schema: .gateway)  // no cache: asks the database
            let elsewhere = try await fresh.ensureAhead(from: mid)
            // A backfill of old data creates its month's partition on demand through the writer's sink.
            let old = StoreFixtures.trade(42, at: Timestamp(milliseconds: 1_552_000_000_000))  // 2019-03-07
            try await TableSink<Trade>(database: t.db).write([old])
            #expect(try await StoreFixtures.storedTradeIDs(t.db) == [42])
            switch kind {
            case .postgres:
                // A month later only the newly-ahead month is missing.
                #expect(created == ["gateway_md_trades_2025_03", "gateway_md_bars_2025_03"])
                let partitions = try await t.db.query(
                    """
                    SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                    WHERE i.inhparent = to_regclass('gateway_md_trades') ORDER BY 1
                    """, []
                ).map { try $0.decode("name", as: String.self) }
                #expect(
                    partitions == [
                        "gateway_md_trades_2019_03", "gateway_md_trades_2024_12", "gateway_md_trades_2025_01",
                        "gateway_md_trades_2025_02", "gateway_md_trades_2025_03",
                    ]
                )
            case .sqlite:
                #expect(created == [])
            }
            #expect(again == [])
            #expect(elsewhere == [])
        }
    }

    @Test("month partitions cover whole UTC months, across year ends and before 1970")
    func monthBoundaries() {
        let december = MonthPartition(containing: Timestamp(milliseconds: 1_735_689_599_999))  // 2024-12-31T23:59:59.999Z
        #expect(december == MonthPartition(year: 2024, month: 12))
        #expect(december.start == Timestamp(milliseconds: 1_733_011_200_000))
        #expect(december.end == Timestamp(milliseconds: 1_735_689_600_000))
        #expect(december.advanced(by: 1) == MonthPartition(year: 2025, month: 1))
        #expect(december.advanced(by: -12) == MonthPartition(year: 2023, month: 12))
        #expect(december.suffix == "2024_12")
        #expect(MonthPartition(containing: Timestamp(nanoseconds: -1)) == MonthPartition(year: 1969, month: 12))
        #expect(MonthPartition(year: 1969, month: 12).end == Timestamp(nanoseconds: 0))
        #expect(MonthPartition(year: 2024, month: 2).end == MonthPartition(year: 2024, month: 3).start)
        #expect(MonthPartition(year: 2024, month: 3).start.nanoseconds - MonthPartition(year: 2024, month: 2).start.nanoseconds == 29 * 86_400_000_000_000)
    }
}
