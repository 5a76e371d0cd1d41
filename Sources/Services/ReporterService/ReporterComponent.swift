import Analytics
import ArenaBus
import ArenaCore
import ArenaRuntime
import ArenaStore
import ServiceLifecycle

extension ServiceKind {
    /// The reporter (spec §8): NAV, metrics, leaderboard, audit replay, reports, dashboard and API.
    public static let reporter: ServiceKind = "reporter"
}

/// The reporter as a component: subscriptions to every service's stream, the audit log and its own
/// tables, the dashboard and HTTP API, and a request client to the risk guard for operator actions.
public enum ReporterComponent: ServiceComponent {
    static let streams: [(ServiceKind, [String])] = [
        ("gateway", ["md.bar.1m.", "hb.", "alert."]),
        ("features", ["decision.", "hb.", "alert."]),
        ("risk", ["risk.verdict.", "risk.state.", "hb.", "alert."]),
        ("oms", ["order.", "fill.", "funding.", "acct.", "hb.", "alert."]),
    ]

    public static let descriptor = ServiceDescriptor(
        kind: .reporter, summary: "reporter: NAV, metrics, leaderboard, audit replay, dashboard and HTTP API",
        binds: [.pub],
        peers: streams.map { BusPeer($0.0, .pub) } + [BusPeer("risk", .rep)],
        sections: [ReporterConfig.self, ModelsConfig.self, ArenaClockConfig.self], schemas: [.audit, .reporter]
    )

    /// What the reporter takes from each peer: its stream, and in a lockstep replay its pace marks
    /// and the minutes it sends again for the record phase (``RecordGate``).
    static func topics(_ stream: [String]) -> [String] { stream + [PaceTopics.mark(""), PaceTopics.recordPrefix] }

    public static func build(in environment: ServiceEnvironment) throws -> [any Service] {
        let config = try environment.section(ReporterConfig.self)
        let models = try environment.section(ModelsConfig.self).enabled.map(\.id)
        let capital = try environment.section(ArenaClockConfig.self).startingCapital
        let logger = environment.context.logger
        let state = ReporterState(book: ArenaBook(models: models, capital: capital))
        let subscriptions = try streams.map { peer, topics in
            (peer.rawValue, try environment.subscribe(to: peer, topics: Self.topics(topics), bufferCapacity: 1 << 15))
        }
        let dashboard = DashboardServer(
            config: config, state: state, store: environment.store, controls: try environment.requester(to: "risk"), logger: logger
        )
        logger.info("reporter", metadata: ["models": "\(models.count)", "listen": "\(config.host):\(config.port)"])
        return [
            ReporterService(
                context: environment.context, state: state, store: environment.store, subscriptions: subscriptions,
                outputs: ServiceOutputs(publisher: try environment.publisher(), service: ServiceName(unchecked: "reporter"), logger: logger)
            ),
            dashboard,
        ]
    }
}
