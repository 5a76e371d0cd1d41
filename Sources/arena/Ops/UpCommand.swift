import ArenaRuntime
import ArenaStore
import ArgumentParser

/// `arena up`: the local run. Starts the supervisor node, which validates the
/// configuration, prepares the store (every service's schema, migrated under
/// the store's lock), publishes heartbeats, answers status requests and
/// serves health and metrics; the services join it as they are built.
struct UpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Start the arena locally (the supervisor node and every service that exists)."
    )

    @Option(help: "The configuration file (default: $ARENA_CONFIG or config/arena.yaml).")
    var config: String?

    func run() async throws {
        let status = await ServiceHost.launch(.supervisor, configPath: config) { host in
            try host.addStore(schemas: ServiceSchema.all)
            try host.addBusPresence()
        }
        if status != 0 { throw ExitCode(status) }
    }
}
