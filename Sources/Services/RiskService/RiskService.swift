import ArenaBus
import ArenaCore
import ArenaRuntime
import Logging
import ServiceLifecycle

/// The risk guard (spec §6) as a ServiceLifecycle service: it rebuilds the
/// engine from its journal, then follows the arena clock's snapshots and the
/// OMS's accounts and fills, and sends its commands to the OMS. Decisions and
/// operator requests arrive on its REP socket (``RiskComponent``).
struct RiskService: Service, CustomStringConvertible {
    let context: HostContext
    let guardian: RiskGuard
    let commands: AcknowledgedQueue<OrderCommand, OrderCommandAck>
    let acknowledgements: AsyncStream<(OrderCommand, OrderCommandAck)>
    let snapshots: TypedSubscription<FeatureSnapshot>
    /// Fills and accounts on one subscription: the OMS publishes a fill before the account it changed, and one stream keeps that order.
    let ledgers: any MessageSubscription
    /// The market time the OMS has applied, from its pace marks (a lockstep replay).
    let omsApplied: Watermark<Timestamp>
    let status: RiskStatus

    var description: String { "RiskService" }

    func run() async throws {
        let logger = context.logger
        let ready = try context.readiness.register("engine", reason: "rebuilding trading states from the journal")
        let replayed = try await guardian.recover()
        let states = await guardian.states.map { "\($0.modelID.map(\.value) ?? "arena")=\($0.state.rawValue)" }
        logger.info("risk engine rebuilt", metadata: ["records": "\(replayed)", "states": "\(states)"])
        ready.markReady()
        await withDiscardingTaskGroup { group in
            group.addTask { await commands.run() }
            group.addTask { for await (command, ack) in acknowledgements { await guardian.acknowledged(command, ack) } }
            group.addTask { for await s in snapshots.messages { await guardian.remember(s.value.snapshot) } }
            group.addTask { await followLedgers(logger: logger) }
            await (try? gracefulShutdown())
            group.cancelAll()
            await snapshots.close()
            await ledgers.close()
        }
        await guardian.journalAcknowledgements()
        logger.info("risk guard stopped", metadata: ["counters": "\(status.counters)"])
    }

    private func followLedgers(logger: Logger) async {
        for await message in ledgers.messages {
            status.increment(.omsMessages)
            do {
                switch message.typeID {
                case Fill.wireType.id: await guardian.observe(try message.decode(Fill.self))
                case AccountState.wireType.id: await guardian.observe(try message.decode(AccountState.self))
                case PaceMark.wireType.id:
                    // The OMS's updates before its mark are observed; after a settle mark, once the
                    // commands they caused are acknowledged, the guard owes nothing for that minute.
                    // After a record mark, the minute's verdicts and states go again to the reporter ahead of the echo.
                    let mark = try message.decode(PaceMark.self)
                    omsApplied.advance(to: mark.through)
                    switch mark.phase {
                    case .data: continue
                    case .settle: guard await commands.drained() else { return }
                    case .record: break
                    }
                    guardian.outputs.paceMark(through: mark.through, phase: mark.phase)
                default: continue
                }
            } catch {
                logger.warning("unreadable message from the OMS", metadata: ["topic": "\(message.topic)", "error": "\(error)"])
            }
        }
    }
}
