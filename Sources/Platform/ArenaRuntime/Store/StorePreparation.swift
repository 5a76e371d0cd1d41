import ArenaCore
import Foundation
import ArenaStore
import Logging
import ServiceLifecycle

/// Opens the configured store at service start, applies the migrations of
/// the service's schemas (under the store's migration lock, so replicas
/// starting together apply each version once), then keeps monthly
/// partitions created ahead until shutdown. Readiness check `store` turns
/// ready once the schemas are current.
public struct StorePreparation: Service, CustomStringConvertible {
    private let context: HostContext
    private let schemas: [ServiceSchema]
    private let check: ReadinessCheck
    /// How often partitions ahead are checked.
    private let partitionInterval: Duration
    /// Where the prepared database is handed to the service's readers and writers.
    public let handle: StoreHandle

    /// Prepares `schemas` in the store of `context`'s configuration.
    public init(context: HostContext, schemas: [ServiceSchema], partitionInterval: Duration = .seconds(3_600)) throws {
        self.context = context
        self.schemas = schemas
        self.partitionInterval = partitionInterval
        handle = StoreHandle()
        check = try context.readiness.register("store", reason: "opening the store and applying migrations")
    }

    public var description: String { "StorePreparation(\(context.config.store.url), \(schemas.count) schema(s))" }

    /// The configured URL with the configured password (kept out of the URL) applied.
    static func url(_ config: StoreConfig) -> StoreURL {
        guard case let .postgres(url) = config.url, let password = config.password else { return config.url }
        return .postgres(url.withPassword(password.reveal()))
    }

    public func run() async throws {
        let url = Self.url(context.config.store)
        // The embedded store's folder (var/ in the local run) is created on
        // first start; the driver itself never creates directories.
        if case let .sqlite(path) = url, path != StoreURL.sqliteMemoryPath {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        let database: any SQLDatabase
        do { database = try await Store.open(url, options: StoreOptions(logger: context.logger)) } catch {
            handle.fail(error)
            throw error
        }
        do {
            let migrator = Migrator(database: database, logger: context.logger)
            var maintainers: [PartitionMaintainer] = []
            for schema in schemas {
                maintainers.append(try await migrator.prepare(schema))
            }
            let running = maintainers
            handle.fulfil(database)
            check.markReady()
            context.logger.info("store ready", metadata: ["store": "\(context.config.store.url)", "schemas": "\(schemas.count)"])
            await cancelWhenGracefulShutdown {
                await withTaskGroup(of: Void.self) { group in
                    for maintainer in running {
                        group.addTask { await maintainer.run(every: partitionInterval) }
                    }
                }
            }
        } catch {
            check.markNotReady("store failed: \(error)")
            handle.fail(error)
            await database.close()
            throw error
        }
        await database.close()
    }
}
