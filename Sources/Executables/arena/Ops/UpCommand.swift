import Arena
import ArenaRuntime
import ArgumentParser
import Foundation

/// `arena up`: the local run.
///
/// By default the supervisor node validates the configuration, prepares the
/// store (every service's tables, migrated under the store's lock),
/// publishes heartbeats, answers status requests and serves health and
/// metrics, then starts one process per service of the catalogue
/// (`arena-gateway`, `arena-features`, built next to it), over ZeroMQ, and
/// restarts any that dies. With `--single-process` every service runs in this
/// one process over the in-process transport instead, with one store, one
/// health server (the supervisor's port) and the same behaviour.
struct UpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Start the arena locally: the supervisor and a process per service, or every service in one process."
    )

    @Option(help: "The configuration file (default: $ARENA_CONFIG or config/arena.yaml).")
    var config: String?

    @Flag(help: "Run every service in this process over the in-process transport instead of one process each over ZeroMQ.")
    var singleProcess = false

    func run() async throws {
        let path = config ?? ArenaConfig.path()
        // The service processes read the same file.
        setenv("ARENA_CONFIG", path, 1)
        let status: Int32
        if singleProcess {
            status = await ServiceHost.launch(
                ArenaCatalogue.services, as: .supervisor, catalogue: ArenaCatalogue.catalogue, transport: .inProcess(nil),
                configPath: path
            )
        } else {
            status = await ServiceHost.launch([SupervisorComponent.self], catalogue: ArenaCatalogue.catalogue, configPath: path)
        }
        if status != 0 { throw ExitCode(status) }
    }
}
