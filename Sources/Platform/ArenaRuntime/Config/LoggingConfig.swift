import Logging

/// How log lines are written.
public enum LogFormat: String, Sendable, Codable, ConfigEnumeration {
    /// `console` when standard error is a terminal, `json` otherwise (containers, files, CI).
    case auto
    /// One JSON object per line, for log collectors.
    case json
    /// Aligned, human-readable lines.
    case console
}

/// The `logging` section.
public struct LoggingConfig: Sendable, Equatable, Decodable {
    /// The level of every service without its own `services.<name>.log_level`.
    public var level: Logger.Level
    /// The line format.
    public var format: LogFormat

    /// Defaults shared by the memberwise initialiser and the decoder.
    public enum Defaults {
        /// `info`.
        public static let level = Logger.Level.info
        /// `auto`.
        public static let format = LogFormat.auto
    }

    /// A logging section; the defaults are those of ``Defaults``.
    public init(level: Logger.Level = Defaults.level, format: LogFormat = Defaults.format) {
        self.level = level
        self.format = format
    }

    enum CodingKeys: String, CodingKey {
        case level, format
    }

    /// Decodes the section; absent keys take the documented defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(level: try c.decode(.level, default: Defaults.level), format: try c.decode(.format, default: Defaults.format))
    }
}
