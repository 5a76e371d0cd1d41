import Foundation
import Logging

/// The whole arena's configuration: one YAML file (`config/arena.yaml` by
/// default) with `ARENA_…` environment overrides (see ``EnvironmentOverrides``).
///
/// Invalid configuration is refused at start with messages that name the key
/// (spec §10): ``load(path:environment:)`` throws every problem it finds, not
/// only the first.
public struct ArenaConfig: Sendable, Equatable, Decodable {
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
    /// `market`: the universe and the gateway's data source.
    public var market: MarketConfig
    /// `features`: indicators, warm-up and the arena clock.
    public var features: FeaturesConfig
    /// `models`: the roster the arena clock sends jobs for.
    public var models: ModelsConfig

    /// The configuration file used when none is named and `ARENA_CONFIG` is unset.
    public static let defaultPath = "config/arena.yaml"

    /// A configuration from its sections.
    public init(
        arena: ArenaSettings, bus: BusConfig = BusConfig(), services: ServicesConfig, store: StoreConfig,
        logging: LoggingConfig = LoggingConfig(), market: MarketConfig = MarketConfig(),
        features: FeaturesConfig = FeaturesConfig(), models: ModelsConfig = ModelsConfig()
    ) {
        self.arena = arena
        self.bus = bus
        self.services = services
        self.store = store
        self.logging = logging
        self.market = market
        self.features = features
        self.models = models
    }

    enum CodingKeys: String, CodingKey {
        case arena, bus, services, store, logging, market, features, models
    }

    /// Decodes the whole file; `bus` and `logging` may be absent (all defaults).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            arena: try c.decode(ArenaSettings.self, forKey: .arena),
            bus: try c.decode(.bus, default: BusConfig()),
            services: try c.decode(ServicesConfig.self, forKey: .services),
            store: try c.decode(StoreConfig.self, forKey: .store),
            logging: try c.decode(.logging, default: LoggingConfig()),
            market: try c.decode(.market, default: MarketConfig()),
            features: try c.decode(.features, default: FeaturesConfig()),
            models: try c.decode(.models, default: ModelsConfig())
        )
    }

    /// The configuration file to use: `ARENA_CONFIG` if set, else ``defaultPath``.
    public static func path(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        environment["ARENA_CONFIG"] ?? defaultPath
    }

    /// Loads, overrides, decodes and validates the file at `path`.
    public static func load(
        path: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigError) -> ArenaConfig {
        try ConfigLoader.decode(ArenaConfig.self, path: path, environment: environment).validated()
    }

    /// Like ``load(path:environment:)`` for YAML text; `source` names it in messages.
    public static func parse(
        yaml: String, source: String = "<configuration>", environment: [String: String] = [:]
    ) throws(ConfigError) -> ArenaConfig {
        try ConfigLoader.decode(ArenaConfig.self, yaml: yaml, source: source, environment: environment).validated()
    }

    /// Every semantic problem: ranges, endpoints per service, address clashes,
    /// CURVE files, the trading switch. Empty when the configuration is usable.
    public func validate() -> [ConfigError] {
        var problems = ConfigProblems()
        arena.validate(into: &problems)
        bus.validate(into: &problems)
        services.validate(into: &problems)
        store.validate(into: &problems)
        market.validate(into: &problems)
        features.validate(into: &problems)
        models.validate(into: &problems)
        return problems.list
    }

    /// `self`, or all of ``validate()``'s problems thrown together.
    public func validated() throws(ConfigError) -> ArenaConfig {
        if let error = ConfigError.combining(validate()) { throw error }
        return self
    }

    /// The log level of `service`: its own `log_level`, else `logging.level`.
    public func logLevel(for service: ServiceKind) -> Logger.Level {
        services[service].logLevel ?? logging.level
    }
}
