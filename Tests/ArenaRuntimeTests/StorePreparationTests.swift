import ArenaStore
import Foundation
import Testing
@testable import ArenaRuntime

/// A service host opens the configured store at start and brings its schemas up to date.
@Suite(.serialized) struct StorePreparationTests {
    @Test func hostMigratesItsSchemasAtStartAndTurnsReady() async throws {
        // A folder that does not exist yet, as var/ on a fresh clone.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("arena-prep-\(UUID().uuidString)")
        let path = folder.appendingPathComponent("var/arena.sqlite").path
        defer { try? FileManager.default.removeItem(at: folder) }
        var config = try Fixtures.config()
        config.store.url = .sqlite(path: path)
        let host = try ServiceHost(
            hosting: [SupervisorStub.self, GatewayStub.self], as: .supervisor, config: config, transport: .inProcess(nil),
            logOutput: Fixtures.silent
        )
        try await withRunningServices([host]) {
            try await waitUntil { host.context.readiness.isReady }
        }
        let database = try await Store.open(url: "sqlite:\(path)")
        let tables = try await database.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", [])
            .map { try $0.decode("name", as: String.self) }
        #expect(tables.contains("gateway_ticks"))
        #expect(tables.contains("audit_log"))
        #expect(!tables.contains("oms_orders"))
        let history = try await Migrator(database: database).history(of: Fixtures.schema)
        #expect(!history.isEmpty)
        await database.close()
    }

    @Test func anUnreachableStoreKeepsTheHostUnready() async throws {
        var config = try Fixtures.config()
        config.store.url = try StoreURL(parsing: "postgres://arena@127.0.0.1:1/arena")
        let host = try ServiceHost(hosting: [GatewayStub.self], config: config, transport: .inProcess(nil), logOutput: Fixtures.silent)
        // The store service fails, which stops the host with the store's error.
        await #expect(throws: StoreError.self) { try await host.run() }
        #expect(host.context.readiness.report().failing.contains { $0.name == "store" })
    }
}
