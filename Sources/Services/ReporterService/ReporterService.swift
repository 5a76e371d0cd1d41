import Analytics
import ArenaBus
import ArenaCore
import ArenaRuntime
import ArenaStore
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// The reporter (spec §8) as a ServiceLifecycle service.
///
/// On start it restores what it recorded (the NAV curves, each symbol's marks and each model's latest account, then every
/// recorded decision, verdict and fill replayed into the book), then follows the services' streams: each event updates the
/// ``ReporterState``; decisions, verdicts, order events, fills, funding and trading states are
/// appended to the hash-chained audit log (and indexed for the API), NAV points to `reporter_nav`,
/// each model's latest account and each symbol's marks to their tables (``ReporterWriters``). In a
/// lockstep replay it answers each minute's record mark once the minute is committed (``RecordGate``).
struct ReporterService: Service, CustomStringConvertible {
    let context: HostContext
    let state: ReporterState
    let store: StoreHandle
    let subscriptions: [(String, any MessageSubscription)]
    let outputs: ServiceOutputs

    var description: String { "ReporterService" }

    func run() async throws {
        let logger = context.logger
        let ready = try context.readiness.register("history", reason: "restoring the recorded NAV and events")
        let database = try await store.value()
        let restored = try await ReporterHistory.restore(into: state, database: database)
        await state.resumeReports(after: try await ReportStore(database: database).lastReported())
        await state.finishRestore()
        logger.info("reporter restored", metadata: ["nav_points": "\(restored.navPoints)", "events": "\(restored.events)"])
        let writers = ReporterWriters(database: database, outputs: outputs, logger: logger)
        let intake = Intake(publishers: subscriptions.map(\.0))
        ready.markReady()
        await withDiscardingTaskGroup { group in
            for (peer, subscription) in subscriptions {
                group.addTask { await follow(peer, subscription, writers: writers, intake: intake, logger: logger) }
            }
            await (try? gracefulShutdown())
            group.cancelAll()
            for (_, subscription) in subscriptions { await subscription.close() }
        }
        await writers.close()
        logger.info("reporter stopped")
    }

    /// Stores a finished period's report and sends its summary to the alerter (`alert.report`).
    private func publish(_ report: PeriodReport, logger: Logger) async {
        let now = WallClock().now()
        do {
            try await ReportStore(database: try await store.value()).save(report, at: now)
        } catch {
            logger.error("report not stored", metadata: ["report": "\(report.title)", "error": "\(error)"])
        }
        let label = ReportPeriod.label(report.startMilliseconds)
        outputs.alert(Alert(
            id: "report-\(report.period.rawValue)-\(label)", severity: .info, kind: "report", source: outputs.service, title: report.title,
            message: report.summary, fields: ["period": report.period.rawValue, "start": label, "path": "/reports/\(report.period.rawValue)/\(label)/arena.html"],
            time: now
        ))
        logger.info("report", metadata: ["report": "\(report.title)", "summary": "\(report.summary)"])
    }

    /// One message at a time from all the streams, so what the book holds and what the writers
    /// were handed last agree (the same NAV point in memory and in the store), and the lockstep
    /// record gate sees each stream's mark after that stream's messages are applied.
    final class Intake: Sendable {
        let serial = ConcurrencyLimit(1)
        let gate: Mutex<RecordGate>

        init(publishers: [String]) { gate = Mutex(RecordGate(publishers: publishers)) }
    }

    private func follow(_ peer: String, _ subscription: any MessageSubscription, writers: ReporterWriters, intake: Intake, logger: Logger) async {
        for await message in subscription.messages {
            await state.countMessage(from: peer)
            await intake.serial.acquire()
            defer { intake.serial.release() }
            do {
                if message.typeID == PaceMark.wireType.id {
                    let mark = try message.decode(PaceMark.self)
                    guard let boundary = intake.gate.withLock({ $0.heard(mark, metadata: message.metadata, from: peer) }) else { continue }
                    await writers.flush()
                    outputs.paceMark(through: boundary, phase: .record)
                    continue
                }
                guard let event = try ReporterEvent.decode(message) else { continue }
                let applied = try await state.apply(event)
                try await writers.submit(applied)
                for report in applied.reports { await publish(report, logger: logger) }
            } catch {
                logger.warning("event not applied", metadata: ["peer": "\(peer)", "topic": "\(message.topic)", "error": "\(error)"])
            }
        }
    }
}

/// Restoring a restarted reporter from what it recorded.
public enum ReporterHistory {
    /// Loads the NAV curves, the symbols' marks and baselines and the accounts, and replays every
    /// recorded event into `state`.
    public static func restore(into state: ReporterState, database: any SQLDatabase) async throws -> (navPoints: Int, events: Int) {
        let queries = EventQueries(database: database)
        var curves: [ModelID: [EquityPoint]] = [:], baselines: [Symbol: [EquityPoint]] = [:]
        for (id, points) in try await queries.navCurves() {
            let curve = points.compactMap { time, text in Double(text).map { EquityPoint(timeMilliseconds: time, equity: $0) } }
            if let symbol = Leaderboard.buyAndHoldSymbol(id) {
                baselines[symbol] = curve
            } else if let model = try? ModelID(id) {
                curves[model] = curve
            }
        }
        await state.restore(nav: curves)
        await state.restore(marks: try await LatestRowSink<SymbolRow>.load(from: database).map(\.marks), baselines: baselines)
        await state.restore(accounts: try await LatestRowSink<AccountRow>.load(from: database).map(\.account))
        var after: Int64 = 0, count = 0
        let decoder = JSONDecoder()
        while true {
            let page = try await queries.all(after: after, limit: 5_000)
            for stored in page {
                if let event = try ReporterEvent.decode(stored, decoder: decoder) { _ = try await state.apply(event) }
            }
            count += page.count
            guard let last = page.last, page.count == 5_000 else { break }
            after = last.seq
        }
        return (curves.values.reduce(0) { $0 + $1.count }, count)
    }
}
