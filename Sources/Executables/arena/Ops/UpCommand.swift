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
/// restarts any that dies (`--scorers N` starts N scorers). It prints the
/// dashboard's address once every service is ready, and with `--ticks N` stops
/// after N decision rounds. With `--single-process` every service runs in this
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

    @Option(help: "Stop after this many decision rounds and exit 0, keeping the store.")
    var ticks: Int?

    @Option(help: "How many scorer processes to run (they share the feature engine's jobs).")
    var scorers = 1

    @Flag(help: "Replay in lockstep (arena.lockstep): every run of the same data decides and fills alike, at any speed.")
    var lockstep = false

    func validate() throws {
        if let ticks, ticks < 1 { throw ValidationError("--ticks must be at least 1") }
        if scorers < 1 { throw ValidationError("--scorers must be at least 1") }
        if singleProcess, scorers != 1 { throw ValidationError("--scorers needs separate processes: it cannot be combined with --single-process") }
    }

    func run() async throws {
        let path = config ?? ArenaConfig.path()
        // The service processes read the same file.
        setenv("ARENA_CONFIG", path, 1)
        if lockstep { setenv("ARENA_ARENA__LOCKSTEP", "true", 1) }
        let ticks = self.ticks
        // A lockstep replay ends itself after the rounds (the services read these overrides too);
        // a configuration that does not load is reported by the host below.
        if let ticks, let loaded = try? ArenaConfig.load(path: path, catalogue: ArenaCatalogue.catalogue), loaded.arena.lockstep {
            setenv("ARENA_MARKET__REPLAY__STOP_AFTER_ROUNDS", "\(ticks)", 1)
        }
        let watch: (inout ServiceHost) throws -> Void = { host in
            guard let environment = host.environments[.supervisor] ?? host.environments.values.first else { return }
            host.addServices(RunWatch(environment: environment, ticks: ticks))
        }
        let status: Int32
        if singleProcess {
            status = await ServiceHost.launch(
                ArenaCatalogue.services, as: .supervisor, catalogue: ArenaCatalogue.catalogue, transport: .inProcess(nil),
                configPath: path, configure: watch
            )
        } else {
            SupervisorComponent.scorers = scorers
            status = await ServiceHost.launch([SupervisorComponent.self], catalogue: ArenaCatalogue.catalogue, configPath: path, configure: watch)
        }
        if status != 0 { throw ExitCode(status) }
    }
}
