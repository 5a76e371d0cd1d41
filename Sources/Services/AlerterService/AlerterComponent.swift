import ArenaBus
import ArenaCore
import ArenaRuntime
import ArenaStore
import ServiceLifecycle

extension ServiceKind {
    /// The alerter (spec §9): alerts to Discord and Telegram.
    public static let alerter: ServiceKind = "alerter"
}

/// The alerter as a component: a subscription to `alert.*` and `hb.*` of every service that
/// publishes (the reporter's `alert.report` summaries among them), its outbox tables, and its
/// own PUB for its heartbeats and the alerts it raises.
public enum AlerterComponent: ServiceComponent {
    /// The services it hears, which are also the services whose heartbeats it watches.
    static let watched: [ServiceKind] = ["gateway", "features", "risk", "oms", "reporter"]

    public static let descriptor = ServiceDescriptor(
        kind: .alerter, summary: "alerter: alert.* and missed heartbeats to Discord webhooks and Telegram chats, persisted before sending",
        binds: [.pub], peers: watched.map { BusPeer($0, .pub) }, sections: [AlerterConfig.self], schemas: [.alerter]
    )

    public static func build(in environment: ServiceEnvironment) throws -> [any Service] {
        let config = try environment.section(AlerterConfig.self)
        let subscriptions = try watched.map { peer in
            (peer: peer.rawValue, subscription: try environment.subscribe(to: peer, topics: ["alert.", "hb."], bufferCapacity: 1 << 14))
        }
        let counters = AlerterCounters()
        environment.reportCounters { counters.snapshot }
        let logger = environment.context.logger
        logger.info("alerter", metadata: ["destinations": "\(config.enabledDestinations.map(\.name))", "watching": "\(watched.map(\.rawValue))"])
        return [
            AlerterService(
                context: environment.context, config: config, store: environment.store, subscriptions: subscriptions,
                outputs: ServiceOutputs(publisher: try environment.publisher(), service: ServiceName(unchecked: "alerter"), logger: logger),
                counters: counters
            ),
        ]
    }
}
