import ArenaStore
import ArenaTesting
import Foundation
import ServiceLifecycle
import Synchronization
@testable import ArenaRuntime

/// The services of these tests: the arena's topology (who binds what, who
/// connects where), with parts that do nothing, so the runtime is tested
/// without any real service.
extension ServiceKind {
    static let gateway: ServiceKind = "gateway"
    static let features: ServiceKind = "features"
    static let scorer: ServiceKind = "scorer"
    static let risk: ServiceKind = "risk"
    static let oms: ServiceKind = "oms"
    static let reporter: ServiceKind = "reporter"
    static let alerter: ServiceKind = "alerter"
}

/// A test component: its descriptor, and no parts of its own.
protocol IdleComponent: ServiceComponent {}

extension IdleComponent {
    static func build(in environment: ServiceEnvironment) throws -> [any Service] { [] }
}

enum SupervisorStub: IdleComponent {
    static let descriptor = ServiceDescriptor(kind: .supervisor, summary: "test supervisor", binds: [.pub, .rep], schemas: [.audit])
}

enum GatewayStub: IdleComponent {
    static let descriptor = ServiceDescriptor(kind: .gateway, summary: "test gateway", binds: [.pub, .rep], schemas: [Fixtures.schema])
}

enum FeaturesStub: IdleComponent {
    static let descriptor = ServiceDescriptor(
        kind: .features, summary: "test features", binds: [.pub, .router], peers: [BusPeer(.gateway, .pub), BusPeer(.risk, .rep)]
    )
}

enum ScorerStub: IdleComponent {
    static let descriptor = ServiceDescriptor(kind: .scorer, summary: "test scorer", binds: [], peers: [BusPeer(.features, .router)])
}

enum RiskStub: IdleComponent {
    static let descriptor = ServiceDescriptor(kind: .risk, summary: "test risk", binds: [.pub, .rep], peers: [BusPeer(.oms, .rep)])
}

enum OMSStub: IdleComponent {
    static let descriptor = ServiceDescriptor(kind: .oms, summary: "test oms", binds: [.pub, .rep])
}

enum ReporterStub: IdleComponent {
    static let descriptor = ServiceDescriptor(kind: .reporter, summary: "test reporter", binds: [.pub])
}

enum AlerterStub: IdleComponent {
    static let descriptor = ServiceDescriptor(kind: .alerter, summary: "test alerter", binds: [.pub])
}

/// Shared inputs of the runtime tests.
enum Fixtures {
    /// The repository's `config/arena.yaml`, found from this file's location.
    static let defaultConfigPath: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("config/arena.yaml").path

    /// The smallest valid configuration, generated from the test catalogue on
    /// the local run's port plan: required keys only, every HTTP port 0.
    static let minimalYAML = TestArenaConfig(
        catalogue: catalogue, name: "test", store: "sqlite:var/test.sqlite",
        ports: .plan([.supervisor: 0, .gateway: 1, .features: 2, .scorer: 3, .risk: 4, .oms: 5, .reporter: 6, .alerter: 7])
    ).yaml

    /// The test catalogue: the arena's eight services as idle stubs.
    static let catalogue = ServiceCatalogue([
        SupervisorStub.self, GatewayStub.self, FeaturesStub.self, ScorerStub.self, RiskStub.self, OMSStub.self, ReporterStub.self,
        AlerterStub.self,
    ])

    /// A one-table schema for store tests.
    static let schema = ServiceSchema(name: "gateway", migrations: [
        Migration(version: 1, name: "ticks", steps: [.createTable(TableSpec(
            TableRef(service: "gateway", name: "ticks"), columns: [Column("n", .integer)], primaryKey: ["n"]
        ))]),
    ])

    /// Parses `yaml` and returns the error it is refused with, or `nil` if it loads.
    static func error(_ yaml: String, environment: [String: String] = [:]) -> ConfigError? {
        do {
            _ = try ArenaConfig.parse(yaml: yaml, source: "test.yaml", environment: environment, catalogue: catalogue)
            return nil
        } catch {
            return error
        }
    }

    /// A loaded minimal configuration with `environment` applied.
    static func config(environment: [String: String] = [:]) throws -> ArenaConfig {
        try ArenaConfig.parse(yaml: minimalYAML, source: "test.yaml", environment: environment, catalogue: catalogue)
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
