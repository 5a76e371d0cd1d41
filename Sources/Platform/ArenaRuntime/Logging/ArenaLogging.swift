import Logging
import Synchronization

/// Installs ``ArenaLogHandler`` as the process's swift-log backend.
///
/// swift-log allows one bootstrap per process and crashes on a second; here
/// the first call installs and later calls are refused with a warning through
/// the installed handler, so a service host built twice (tests, a CLI that
/// runs a service) cannot crash the process.
public enum ArenaLogging {
    private static let installed = Atomic<Bool>(false)

    /// Installs the handler; returns whether this call did (`false`: an earlier call already had).
    @discardableResult
    public static func bootstrap(
        service: String, level: Logger.Level, format: LogFormat, output: LogOutput = .standardError,
        redaction: LogRedaction = .standard
    ) -> Bool {
        guard installed.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else {
            Logger(label: "arena.runtime.logging").warning(
                "logging was already bootstrapped; the second bootstrap is ignored",
                metadata: ["service": "\(service)", "level": "\(level)"]
            )
            return false
        }
        LoggingSystem.bootstrap({ label, metadataProvider in
            ArenaLogHandler(
                label: label, service: service, level: level, format: format, output: output,
                redaction: redaction, metadataProvider: metadataProvider
            )
        }, metadataProvider: nil)
        return true
    }

    /// Installs the handler for `service` with its level and format from `config`.
    @discardableResult
    public static func bootstrap(service: ServiceKind, config: ArenaConfig, output: LogOutput = .standardError) -> Bool {
        bootstrap(service: service.rawValue, level: config.logLevel(for: service), format: config.logging.format, output: output)
    }

    /// Whether a bootstrap has happened in this process.
    public static var isBootstrapped: Bool { installed.load(ordering: .acquiring) }
}
