import Foundation
import Logging

extension ServiceHost {
    /// The exit status of a process whose configuration was refused (`EX_CONFIG` in sysexits.h),
    /// so that supervisors can tell "fix the configuration" from "crashed".
    public static let configurationErrorExitStatus: Int32 = 78

    /// The exit status of a service that stopped with an error.
    public static let failureExitStatus: Int32 = 1

    /// The whole life of a service process: load the configuration
    /// (`configPath`, else `ARENA_CONFIG`, else `config/arena.yaml`) and
    /// validate it against `catalogue`, refuse it with one log line per
    /// problem if it is invalid, host `components` on `transport` (ZeroMQ for
    /// a service executable), let `configure` add to the host, and run until
    /// SIGTERM or SIGINT.
    ///
    /// ```swift
    /// exit(await ServiceHost.launch([GatewayComponent.self], catalogue: ArenaCatalogue.services))
    /// ```
    ///
    /// - Returns: the exit status: 0 after a clean shutdown,
    ///   ``configurationErrorExitStatus`` or ``failureExitStatus``.
    public static func launch(
        _ components: [any ServiceComponent.Type], as name: ServiceKind? = nil, catalogue: ServiceCatalogue,
        transport: @autoclosure () -> Transport = .zeroMQ, configPath: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment, logOutput: LogOutput = .standardError,
        configure: (inout ServiceHost) throws -> Void = { _ in }
    ) async -> Int32 {
        let name = name ?? components.first?.descriptor.kind ?? .supervisor
        let path = configPath ?? ArenaConfig.path(environment: environment)
        let config: ArenaConfig
        do {
            config = try ArenaConfig.load(path: path, environment: environment, catalogue: catalogue)
        } catch {
            // Logging is not bootstrapped yet (its level and format come from the
            // configuration that was just refused), so these lines get a handler of their own.
            let logger = Logger(label: "arena.\(name)") { label in
                ArenaLogHandler(label: label, service: name.rawValue, format: .auto, output: logOutput)
            }
            for problem in error.problems {
                logger.critical("configuration refused", metadata: ["config": "\(path)", "problem": "\(problem)"])
            }
            return configurationErrorExitStatus
        }
        var host: ServiceHost
        do {
            host = try ServiceHost(hosting: components, as: name, config: config, transport: transport(), logOutput: logOutput)
            if let parent = environment[ParentWatch.variable].flatMap(Int32.init) {
                host.addServices(ParentWatch(parent: parent, trigger: host.context.shutdown))
            }
            try configure(&host)
        } catch {
            // The host bootstrapped logging before it failed, or this is the first handler.
            Logger(label: "arena.\(name)").critical("service could not be set up", metadata: ["error": "\(error)"])
            return error is ConfigError ? configurationErrorExitStatus : failureExitStatus
        }
        do {
            try await host.runService()
            return 0
        } catch {
            // ``run()`` has logged the error already.
            return failureExitStatus
        }
    }
}
