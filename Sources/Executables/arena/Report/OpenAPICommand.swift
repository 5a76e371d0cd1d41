import ArgumentParser
import ReporterService

/// `arena openapi`: prints the HTTP API's OpenAPI document (`make openapi` writes it to docs/api).
struct OpenAPICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "openapi", abstract: "Print the reporter's OpenAPI 3.1 document (served at /api/openapi.json)."
    )

    func run() { print(OpenAPIDocument.json) }
}
