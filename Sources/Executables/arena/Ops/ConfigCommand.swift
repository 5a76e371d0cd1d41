import Arena
import ArenaRuntime
import ArgumentParser
import Foundation
import Agents
import Models

/// `arena config check`: validates a configuration as a service would at start.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Inspect the configuration.",
        subcommands: [Check.self]
    )

    /// Loads the file with the environment's `ARENA_…` overrides and reports every problem.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check", abstract: "Validate a configuration file and its ARENA_* overrides."
        )

        @Option(help: "The configuration file (default: $ARENA_CONFIG or config/arena.yaml).")
        var config: String?

        func run() throws {
            let path = config ?? ArenaConfig.path()
            do {
                let loaded = try ArenaConfig.load(path: path, catalogue: ArenaCatalogue.catalogue)
                print("\(path): valid")
                for descriptor in ArenaCatalogue.catalogue.descriptors {
                    let sections = descriptor.sections.map { $0.key }
                    print("  \(descriptor.kind): \(descriptor.summary)\(sections.isEmpty ? "" : " [reads \(Set(sections).sorted().joined(separator: ", "))]")")
                }
                print("  model kinds (params = SPEC defaults; a roster entry's params override them):")
                for name in ArenaCatalog.checking.names {
                    guard let schema = ArenaCatalog.checking.schema(of: name) else { continue }
                    let params = schema.parameters.map { "\($0.key)=\($0.defaultValue ?? "(required)")" }
                    print("    \(name) [\(schema.workload.rawValue)]: \(params.isEmpty ? "no parameters" : params.joined(separator: ", "))")
                }
                _ = loaded
            } catch {
                FileHandle.standardError.write(Data("\(error)\n".utf8))
                throw ExitCode(2)
            }
        }
    }
}
