import ArenaBus
import ArenaRuntime
import ArenaStore
import Foundation
import ServiceLifecycle
import Synchronization

/// `arena up`'s node: prepares the store (every service's tables and the
/// audit log, migrated under the store's lock), publishes its heartbeats,
/// answers `STATUS`, serves health and metrics, and then starts the
/// executable of every service of the catalogue (`arena-<name>`, built next
/// to it) and restarts any that dies.
public enum SupervisorComponent: ServiceComponent {
    public static var descriptor: ServiceDescriptor {
        ServiceDescriptor(
            kind: .supervisor, summary: "supervisor: store, heartbeats, status, one process per service", binds: [.pub, .rep],
            schemas: ArenaCatalogue.services.flatMap { $0.descriptor.schemas }.filter { $0.name != ServiceSchema.audit.name } + [.audit]
        )
    }

    private static let scorerCount = Mutex(1)

    /// How many scorer processes to start (`arena up --scorers N`); the first keeps the scorer's
    /// health port, the others take free ones.
    public static var scorers: Int {
        get { scorerCount.withLock { $0 } }
        set { scorerCount.withLock { $0 = max(1, newValue) } }
    }

    /// The supervisor's parts: the service processes, started once the store is prepared.
    public static func build(in environment: ServiceEnvironment) throws -> [any Service] {
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let executables = ArenaCatalogue.services.map { folder.appendingPathComponent("arena-\($0.descriptor.kind)") }
        let missing = executables.filter { !FileManager.default.isExecutableFile(atPath: $0.path) }
        guard missing.isEmpty else { throw SupervisorError.missingExecutables(missing.map(\.path)) }
        let scorer = folder.appendingPathComponent("arena-\(ServiceKind.scorer)")
        let extra = (1..<scorers).map { _ in ChildServices.Child(scorer, environment: ["ARENA_SERVICES__SCORER__HTTP_PORT": "0"]) }
        let store = environment.store
        return [ChildServices(
            context: environment.context, children: executables.map { ChildServices.Child($0) } + extra,
            environment: ["ARENA_CONFIG": ProcessInfo.processInfo.environment["ARENA_CONFIG"] ?? ArenaConfig.defaultPath],
            after: { _ = try await store.value() }
        )]
    }
}

/// Why the supervisor cannot start its services.
public enum SupervisorError: Error, CustomStringConvertible {
    /// A service executable is not built next to `arena`.
    case missingExecutables([String])

    public var description: String {
        switch self {
        case let .missingExecutables(paths): "service executables not found (build them with `swift build`): \(paths.joined(separator: ", "))"
        }
    }
}
