import ArenaRuntime
import ArenaStore
import ArgumentParser
import Foundation

/// `arena up`: the local run. Starts the supervisor node, which validates the
/// configuration, prepares the store (every service's schema, migrated under
/// the store's lock), publishes heartbeats, answers status requests and
/// serves health and metrics, then starts every service executable built
/// next to it (today `arena-gateway` and `arena-features`) and restarts any that dies.
struct UpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Start the arena locally (the supervisor node and every service that exists)."
    )

    @Option(help: "The configuration file (default: $ARENA_CONFIG or config/arena.yaml).")
    var config: String?

    /// The service executables of the local run, in start order.
    static let services = ["arena-gateway", "arena-features"]

    func run() async throws {
        let status = await ServiceHost.launch(.supervisor, configPath: config) { host in
            let store = try host.addStore(schemas: ServiceSchema.all)
            try host.addBusPresence()
            let folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
            let children = Self.services.map { folder.appendingPathComponent($0) }
                .filter { FileManager.default.isExecutableFile(atPath: $0.path) }
            let configPath = config ?? ArenaConfig.path()
            host.addServices(ChildServices(
                context: host.context, executables: children, environment: ["ARENA_CONFIG": configPath],
                after: { _ = try await store.value() }
            ))
        }
        if status != 0 { throw ExitCode(status) }
    }
}
