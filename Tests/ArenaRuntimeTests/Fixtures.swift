import Foundation
import Synchronization
@testable import ArenaRuntime

/// Shared inputs of the runtime tests.
enum Fixtures {
    /// The repository's `config/arena.yaml`, found from this file's location.
    static let defaultConfigPath: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("config/arena.yaml").path

    /// The smallest valid configuration: required keys only, every HTTP port 0.
    static let minimalYAML = """
        arena:
          name: test
        services:
          supervisor: {pub: "tcp://127.0.0.1:7100", rep: "tcp://127.0.0.1:7200", http_port: 0}
          gateway: {pub: "tcp://127.0.0.1:7101", rep: "tcp://127.0.0.1:7201", http_port: 0}
          features: {pub: "tcp://127.0.0.1:7102", router: "tcp://127.0.0.1:7302", http_port: 0}
          scorer: {http_port: 0}
          risk: {pub: "tcp://127.0.0.1:7104", rep: "tcp://127.0.0.1:7204", http_port: 0}
          oms: {pub: "tcp://127.0.0.1:7105", rep: "tcp://127.0.0.1:7205", http_port: 0}
          reporter: {pub: "tcp://127.0.0.1:7106", http_port: 0}
          alerter: {pub: "tcp://127.0.0.1:7107", http_port: 0}
        store:
          url: sqlite:var/test.sqlite

        """

    /// Parses `yaml` and returns the error it is refused with, or `nil` if it loads.
    static func error(_ yaml: String, environment: [String: String] = [:]) -> ConfigError? {
        do {
            _ = try ArenaConfig.parse(yaml: yaml, source: "test.yaml", environment: environment)
            return nil
        } catch {
            return error
        }
    }

    /// A loaded minimal configuration with `environment` applied.
    static func config(environment: [String: String] = [:]) throws -> ArenaConfig {
        try ArenaConfig.parse(yaml: minimalYAML, source: "test.yaml", environment: environment)
    }

    /// A log output that keeps lines in memory.
    final class CapturedLines: Sendable {
        private let storage = Mutex<[String]>([])
        var lines: [String] { storage.withLock { $0 } }
        var output: LogOutput { LogOutput { line in self.storage.withLock { $0.append(line) } } }
    }

    /// A log output that drops everything, for tests that bootstrap the process's logging.
    static let silent = LogOutput { _ in }

    /// A temporary file with `contents`, removed by the caller.
    static func temporaryFile(_ contents: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("arena-test-\(UUID().uuidString)").path
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
