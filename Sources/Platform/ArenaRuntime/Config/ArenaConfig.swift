import Foundation
import Logging

/// The whole arena's configuration: one YAML file (`config/arena.yaml` by
/// default) with `ARENA_…` environment overrides (see ``EnvironmentOverrides``).
///
/// The runtime owns the platform sections every service shares (`arena`,
/// `bus`, `services`, `store`, `logging`). Every other section belongs to a
/// service, which declares its type in its descriptor (``ConfigSection``) and
/// reads it with ``section(_:)``. Loading against a catalogue decodes every
/// declared section, so invalid configuration is refused at start with
/// messages that name the key (spec §10), all problems at once; a key that
/// no section asked for is unknown.
public struct ArenaConfig: Sendable, Equatable {
    /// `arena`: name, mode and the live-trading switch.
    public var arena: ArenaSettings
    /// `bus`: ZeroMQ behaviour and CURVE keys.
    public var bus: BusConfig
    /// `services.<name>`: endpoints, HTTP port and log level per service.
    public var services: ServicesConfig
    /// `store`: the database.
    public var store: StoreConfig
    /// `logging`: default level and line format.
    public var logging: LoggingConfig
    /// The tree after environment overrides, secrets masked, for sections
    /// decoded after load (the catalogue's sections, secrets included, are decoded at load).
    let document: ConfigNode
    /// The services' sections decoded at load, by type.
    private let decoded: DecodedSections

    /// The configuration file used when none is named and `ARENA_CONFIG` is unset.
    public static let defaultPath = "config/arena.yaml"

    /// A configuration from its platform sections (tests); service sections read from `document`.
    init(
        arena: ArenaSettings, bus: BusConfig, services: ServicesConfig, store: StoreConfig, logging: LoggingConfig,
        document: ConfigNode, decoded: [any ConfigSection]
    ) {
        self.arena = arena
        self.bus = bus
        self.services = services
        self.store = store
        self.logging = logging
        self.document = document.redactingSecrets()
        self.decoded = DecodedSections(decoded)
    }

    /// The section of type `S`: as decoded at load, or decoded now (a section
    /// outside the catalogue the configuration was loaded with).
    public func section<S: ConfigSection>(_ type: S.Type = S.self) throws(ConfigError) -> S {
        if let known = decoded[S.self] { return known }
        return try section(S.key, as: S.self)
    }

    /// Any top-level section decoded as `T`, with the same key-naming errors;
    /// an absent section decodes from an empty mapping (defaults apply, required keys are reported).
    /// Secrets read this way are masked: a section with secrets belongs in a descriptor.
    public func section<T: Decodable>(_ key: String, as type: T.Type) throws(ConfigError) -> T {
        try ConfigReader(root: document).decode(type, at: key, required: false)
    }

    public static func == (a: ArenaConfig, b: ArenaConfig) -> Bool {
        a.arena == b.arena && a.bus == b.bus && a.services == b.services && a.store == b.store && a.logging == b.logging
            && a.document == b.document
    }

    /// The configuration file to use: `ARENA_CONFIG` if set, else ``defaultPath``.
    public static func path(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        environment["ARENA_CONFIG"] ?? defaultPath
    }

    /// Loads, overrides, decodes and validates the file at `path` for the services of `catalogue`.
    public static func load(
        path: String, environment: [String: String] = ProcessInfo.processInfo.environment, catalogue: ServiceCatalogue
    ) throws(ConfigError) -> ArenaConfig {
        let text: String
        do { text = try TextFile.contents(of: path) } catch { throw .unreadable(path: path, reason: error.reason) }
        return try parse(yaml: text, source: path, environment: environment, catalogue: catalogue)
    }

    /// Like ``load(path:environment:catalogue:)`` for YAML text; `source` names it in messages.
    public static func parse(
        yaml: String, source: String = "<configuration>", environment: [String: String] = [:], catalogue: ServiceCatalogue
    ) throws(ConfigError) -> ArenaConfig {
        let root = try ConfigLoader.tree(yaml: yaml, source: source, environment: environment)
        let reader = ConfigReader(root: root)
        var problems = ConfigProblems()
        func read<T: Decodable>(_ type: T.Type, _ key: String, required: Bool) -> T? {
            do { return try reader.decode(type, at: key, required: required) } catch {
                problems.add(error)
                return nil
            }
        }
        func readSection<S: ConfigSection>(_ type: S.Type) -> (any ConfigSection)? {
            read(type, type.key, required: false)
        }
        let arena = read(ArenaSettings.self, "arena", required: true)
        let bus = read(BusConfig.self, "bus", required: false)
        let services = read(ServicesConfig.self, "services", required: true)
        let store = read(StoreConfig.self, "store", required: true)
        let logging = read(LoggingConfig.self, "logging", required: false)
        var sections: [any ConfigSection] = []
        for type in catalogue.sections {
            if let section = readSection(type) { sections.append(section) }
        }
        // Keys under a value that failed to decode were never asked for; unknown
        // keys are reported once everything decodes, as a second round.
        if problems.list.isEmpty { for unknown in reader.unknownKeys() { problems.add(unknown) } }
        guard let arena, let bus, let services, let store, let logging, problems.list.isEmpty else {
            throw ConfigError.combining(problems.list) ?? .invalid(key: "(root)", value: source, reason: "cannot be read")
        }
        let config = ArenaConfig(
            arena: arena, bus: bus, services: services, store: store, logging: logging, document: root, decoded: sections
        )
        if let error = ConfigError.combining(config.validate(catalogue: catalogue)) { throw error }
        return config
    }

    /// Every semantic problem: ranges, endpoints per service, address clashes,
    /// CURVE files, the trading switch, and each service section's own rules.
    /// Empty when the configuration is usable.
    public func validate(catalogue: ServiceCatalogue) -> [ConfigError] {
        var problems = ConfigProblems()
        arena.validate(into: &problems)
        bus.validate(into: &problems)
        services.validate(catalogue: catalogue, into: &problems)
        store.validate(into: &problems)
        for section in decoded.all { section.validate(into: &problems, services: services) }
        // Cross-section rules only make sense once every section is valid on its own.
        if problems.list.isEmpty {
            for component in catalogue.components { for problem in component.crossCheck(self) { problems.add(problem) } }
        }
        return problems.list
    }

    /// The log level of `service`: its own `log_level`, else `logging.level`.
    public func logLevel(for service: ServiceKind) -> Logger.Level {
        services[service]?.logLevel ?? logging.level
    }
}

/// The service sections decoded at load, found by type.
private struct DecodedSections: Sendable {
    let all: [any ConfigSection]

    init(_ all: [any ConfigSection]) { self.all = all }

    subscript<S: ConfigSection>(_ type: S.Type) -> S? {
        for section in all { if let match = section as? S { return match } }
        return nil
    }
}
