import ArenaBus
import ArenaCore
import ArenaRuntime
import Risk
import ServiceLifecycle

extension ServiceKind {
    /// The risk guard (spec §6).
    public static let risk: ServiceKind = "risk"
}

/// The risk guard as a component: the journal in its store, the arena
/// clock's snapshots, the OMS's fills and accounts, the command queue to the
/// OMS, and the REP routes for decisions (``ArenaCore/ModelDecision`` →
/// ``ArenaCore/DecisionAck``) and operator requests (``ArenaCore/TradingControl``).
public enum RiskComponent: ServiceComponent {
    static let features: ServiceKind = "features"
    static let oms: ServiceKind = "oms"

    public static let descriptor = ServiceDescriptor(
        kind: .risk, summary: "risk guard: verdicts, trading states, continuous rules, kill switch",
        binds: [.pub, .rep], peers: [BusPeer(features, .pub), BusPeer(oms, .pub), BusPeer(oms, .rep)],
        sections: [RiskConfig.self, ModelsConfig.self, ArenaClockConfig.self], schemas: [.risk]
    )

    public static func build(in environment: ServiceEnvironment) throws -> [any Service] {
        let config = try environment.section(RiskConfig.self)
        let models = try environment.section(ModelsConfig.self).enabled.map(\.id)
        let capital = try environment.section(ArenaClockConfig.self).startingCapital
        let logger = environment.context.logger
        let settings = environment.context.config.arena
        // The one line every service that could trade logs at start.
        let tradingSwitch = TradingSwitch.of(settings, venue: try environment.context.config.section("execution", as: ExecutionVenueKey.self).venue)
        logger.notice("\(tradingSwitch)")
        let status = RiskStatus()
        environment.reportCounters { status.counters }
        // The OMS's acknowledgements reach the guardian through a stream (journaled there), so the queue needs no reference to it.
        let (acknowledgements, acknowledge) = AsyncStream.makeStream(of: (OrderCommand, OrderCommandAck).self)
        let commands = AcknowledgedQueue<OrderCommand, OrderCommandAck>(
            requester: try environment.requester(to: oms), peer: "OMS", backoff: Backoff(initial: .milliseconds(100), maximum: .seconds(5)),
            hooks: .init(
                id: \.commandID, ackID: \.commandID, acknowledged: { command, ack in acknowledge.yield((command, ack)) },
                pending: { status.set(.commandsPending, Int64($0)) }, failed: { status.increment(.commandFailures) }
            ),
            logger: logger
        )
        let guardian = RiskGuard(
            // Orders go to the OMS's venue: the paper venue, or in live mode the universe's.
            engine: RiskEngine(limits: config.limits, models: models, venue: settings.orderVenue(try environment.section(UniverseConfig.self))),
            journal: Journal(service: RiskTables.service, store: environment.store), commands: commands,
            outputs: ServiceOutputs(publisher: try environment.publisher(), service: ServiceName(unchecked: "risk"), logger: logger),
            status: status, capital: capital, logger: logger
        )
        let wait = config.snapshotWait
        let lockstep = environment.context.config.arena.lockstep
        let omsApplied = Watermark<Timestamp>()
        var routes = RequestRouter()
        routes.on(ModelDecision.self) { decision, _ in
            // In lockstep a decision is judged on the accounts as of its tick, and acknowledged once its orders are at the OMS.
            if lockstep, await !omsApplied.reached(decision.tick) { throw CancellationError() }
            let ack = try await guardian.judge(decision, snapshot: await snapshot(for: decision, from: guardian, waitingUpTo: wait))
            if lockstep { await commands.drained() }
            return ack
        }
        routes.on(TradingControl.self) { request, _ in try await guardian.control(request) }
        environment.serve(routes)
        logger.info("risk guard", metadata: ["models": "\(models.count)", "limits": "\(config.limits)"])
        return [RiskService(
            context: environment.context, guardian: guardian, commands: commands, acknowledgements: acknowledgements,
            snapshots: try environment.subscribe(to: features, FeatureSnapshot.self, topics: [ArenaTopics.snapshot], bufferCapacity: 256),
            // The OMS's pace marks after what they cover; its heartbeat last: once one arrives, the fills and accounts are flowing too.
            ledgers: try environment.subscribe(
                to: oms, topics: ["fill.", ArenaTopics.accounts, PaceTopics.mark(oms.rawValue), HeartbeatPublisher.topic(oms)], bufferCapacity: 1 << 14
            ),
            omsApplied: omsApplied, status: status
        )]
    }

    /// The snapshot `decision` was made on: a HOLD needs none; otherwise it
    /// may still be on its way (another socket), so it is waited for a little.
    static func snapshot(for decision: ModelDecision, from guardian: RiskGuard, waitingUpTo wait: Duration) async -> MarketSnapshot? {
        await guardian.snapshot(at: decision.tick, waitingUpTo: decision.action == .hold ? .zero : wait)
    }
}
