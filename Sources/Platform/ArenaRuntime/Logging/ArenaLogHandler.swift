import ArenaCore
import Logging

/// The arena's swift-log handler: JSON lines or console lines, with secrets
/// masked, to standard error or any ``LogOutput``.
///
/// A value type as swift-log requires: changing the level or metadata of one
/// `Logger` leaves every other `Logger` unchanged.
public struct ArenaLogHandler: LogHandler {
    /// The line format after `auto` was resolved against the output.
    enum LineFormat: Sendable {
        case json, console
    }

    /// The `Logger`'s label (usually the component: `arena.gateway.replay`).
    public let label: String
    /// The service name written on every line.
    public let service: String
    /// The minimum level written.
    public var logLevel: Logger.Level
    /// Metadata written on every line of this logger.
    public var metadata: Logger.Metadata = [:]
    /// Contextual metadata (such as trace ids) added to every line.
    public var metadataProvider: Logger.MetadataProvider?

    let format: LineFormat
    private let output: LogOutput
    private let redaction: LogRedaction
    private let clock: any ArenaClock

    /// A handler.
    /// - Parameters:
    ///   - label: the `Logger` label.
    ///   - service: the service name for every line.
    ///   - level: the minimum level written.
    ///   - format: `json`, `console`, or `auto` (console on a terminal).
    ///   - output: where lines go.
    ///   - redaction: which metadata keys are secrets.
    ///   - metadataProvider: contextual metadata (trace ids) added to every line.
    ///   - clock: the time source of the timestamps.
    public init(
        label: String, service: String, level: Logger.Level = .info, format: LogFormat = .auto,
        output: LogOutput = .standardError, redaction: LogRedaction = .standard,
        metadataProvider: Logger.MetadataProvider? = nil, clock: any ArenaClock = WallClock()
    ) {
        self.label = label
        self.service = service
        self.logLevel = level
        self.output = output
        self.redaction = redaction
        self.metadataProvider = metadataProvider
        self.clock = clock
        switch format {
        case .json: self.format = .json
        case .console: self.format = .console
        case .auto: self.format = output.isTerminal ? .console : .json
        }
    }

    /// One metadata value of this logger.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Formats and writes one event; the `Logger` has already checked the level.
    public func log(event: LogEvent) {
        // Later sources win: handler metadata, then contextual, then the call's own.
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let own = event.metadata { merged.merge(own) { _, new in new } }
        let record = LogRecord(
            timestamp: clock.now(), level: event.level, service: service, label: label,
            message: event.message.description, fields: LogRecord.flatten(redaction.redact(merged)),
            error: event.error.map { String(describing: $0) }, source: event.source, file: event.file,
            function: event.function, line: event.line
        )
        switch format {
        case .json: output.write(JSONLogFormat.line(for: record))
        case .console: output.write(ConsoleLogFormat.line(for: record, colour: output.isTerminal))
        }
    }
}
