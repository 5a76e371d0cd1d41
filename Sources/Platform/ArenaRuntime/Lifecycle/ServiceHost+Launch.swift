import Foundation
import Logging

extension ServiceHost {
    /// The exit status of a process whose configuration was refused (`EX_CONFIG` in sysexits.h),
    /// so that supervisors can tell "fix the configuration" from "crashed".
    public static let configurationErrorExitStatus: Int32 = 78

    /// The exit status of a service that stopped with an error.
    public static let failureExitStatus: Int32 = 1

    /// The whole life of a service executable: load the configuration
    /// (`configPath`, else `ARENA_CONFIG`, else `config/arena.yaml`), refuse
    /// it with one log line per problem if it is invalid, build the host, let
    /// `configure` add the service's own services, and run until SIGTERM or SIGINT.
    ///
    /// ```swift
    /// @main enum GatewayMain {
    ///     static func main() async {
    ///         exit(await ServiceHost.launch(.gateway) { host in
    ///             host.addServices(try Gateway(context: host.context))
    ///         })
    ///     }
    /// }
    /// ```
    ///
    /// - Returns: the exit status: 0 after a clean shutdown,
    ///   ``configurationErrorExitStatus`` or ``failureExitStatus``.
    public static func launch(
        _ service: ServiceKind, configPath: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment, logOutput: LogOutput = .standardError,
        configure: (inout ServiceHost) throws -> Void = { _ in }
    ) async -> Int32 {
        let path = configPath ?? ArenaConfig.path(environment: environment)
        let config: ArenaConfig
        do {
            config = try ArenaConfig.load(path: path, environment: environment)
        } catch {
            // Logging is not bootstrapped yet (its level and format come from the
            // configuration that was just refused), so these lines get a handler of their own.
            let logger = Logger(label: "arena.\(service)") { label in
                ArenaLogHandler(label: label, service: service.rawValue, format: .auto, output: logOutput)
            }
            for problem in error.problems {
                logger.critical("configuration refused", metadata: ["config": "\(path)", "problem": "\(problem)"])
            }
            return configurationErrorExitStatus
        }
        var host = ServiceHost(service: service, config: config, logOutput: logOutput)
        do {
            try configure(&host)
        } catch {
            host.context.logger.critical("service could not be set up", error: error)
            return failureExitStatus
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
