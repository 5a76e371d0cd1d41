import ArenaWire
import ArgumentParser
import Foundation

/// `arena proto`: the protocol's machine-readable artefacts.
struct ProtoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proto",
        abstract: "Generate the protocol schema and golden vectors from the Swift types.",
        subcommands: [SchemaCommand.self, GoldenCommand.self]
    )

    /// `arena proto schema`: prints or writes `proto/schema.json`.
    struct SchemaCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "schema", abstract: "Print the schema of every message type (JSON)."
        )

        @Option(help: "Write to this file instead of standard output.")
        var output: String?

        func run() throws {
            let json = try SchemaGenerator.json()
            if let output {
                try json.write(toFile: output, atomically: true, encoding: .utf8)
            } else {
                print(json, terminator: "")
            }
        }
    }

    /// `arena proto golden`: writes the golden vectors of every message type.
    struct GoldenCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "golden", abstract: "Write golden byte vectors of every message type in both codecs."
        )

        @Option(help: "The directory to write into.")
        var directory: String = "proto/golden"

        func run() throws {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for vector in try GoldenVectors.all() {
                for (suffix, bytes) in vector.files {
                    try Data(bytes).write(to: URL(fileURLWithPath: "\(directory)/\(vector.name).\(suffix)"))
                }
            }
            print("wrote golden vectors to \(directory)")
        }
    }
}
