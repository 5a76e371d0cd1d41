import Arena
import ArenaBus
import ArenaCore
import ArenaRuntime
import ArenaStore
import ArenaTesting
import ArenaWire
import Foundation
import Synchronization

/// The risk guard and the OMS as real processes (`arena-risk`, `arena-oms`)
/// on a real SQLite store, with this test process standing in for the
/// gateway (its PUB with 1m bars and its REP answering history for the
/// OMS's catch-up) and the arena clock (its PUB with snapshots), listening to
/// everything the two publish.
///
/// The test drives the market in lockstep: a bar is published (again, until
/// the OMS shows it processed it by publishing the tick's accounts), so every
/// run sees the same interleaving of data and commands, and two runs can be
/// compared field for field.
final class ExecutionRig: Sendable {
    let folder: URL
    let config: TestArenaConfig
    let environment: [String: String]
    private let gateway: Publisher
    private let clock: Publisher
    private let history: Replier
    private let listener: Subscriber
    let oms: Requester
    let risk: Requester
    /// What the stand-in gateway has "stored": the bars published so far.
    private let stored = Shared<[Bar]>([])
    let seen = Shared<Seen>(Seen())
    /// The latest market time the OMS said it applied (its pace marks).
    let applied = Watermark<Timestamp>()
    private let pump: Task<Void, Never>

    /// What the two services published.
    struct Seen: Sendable {
        var accounts: [ModelID: AccountState] = [:]
        var orderEvents: [OrderEvent] = []
        var fills: [Fill] = []
        var verdicts: [RiskVerdict] = []
        var stateChanges: [TradingStateChange] = []
        var alerts: [Alert] = []
    }

    static let models = [ModelID(unchecked: "alpha"), ModelID(unchecked: "beta")]

    init(name: String, risk riskSection: String = "") throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = folder.appendingPathComponent("arena.sqlite").path
        config = TestArenaConfig(catalogue: ArenaCatalogue.catalogue, name: name, store: "sqlite:\(store)", sections: """
            bus: {heartbeat_interval_ms: 250, request_timeout_ms: 2000}
            logging: {level: info, format: json}
            market: {venue: binance, kind: spot, symbols: [BTCUSDT, ETHUSDT]}
            features: {tick_seconds: 60, starting_capital: 10000}
            models:
              - {id: alpha, kind: all_cash}
              - {id: beta, kind: all_cash}
            \(riskSection)
            """)
        environment = ["ARENA_CONFIG": try config.write(in: folder)]
        gateway = try Publisher(service: ServiceName("gateway"), bind: [try config.endpoint("gateway", .pub)])
        clock = try Publisher(service: ServiceName("features"), bind: [try config.endpoint("features", .pub)])
        let stored = self.stored
        var routes = RequestRouter()
        routes.on(BarsQuery.self) { query, _ in
            BarsReply(bars: stored.withLock { bars in
                bars.filter { $0.symbol == query.symbol && $0.timeframe == query.timeframe && query.range.contains($0.openTime) }
            }, truncated: false)
        }
        history = try Replier(service: ServiceName("gateway"), bind: [try config.endpoint("gateway", .rep)], handler: routes.handler)
        listener = try Subscriber(
            service: ServiceName("test"), connect: [try config.endpoint("oms", .pub), try config.endpoint("risk", .pub)],
            topics: [ArenaTopics.accounts, "order.", "fill.", "risk.", "alert.", PaceTopics.mark("oms")]
        )
        // Long enough for an answer that waited out the store's busy timeout (5 s).
        let options = Requester.Options(timeout: .seconds(8), retries: 0)
        oms = try Requester(service: ServiceName("test"), connect: [try config.endpoint("oms", .rep)], options: options)
        risk = try Requester(service: ServiceName("test"), connect: [try config.endpoint("risk", .rep)], options: options)
        let seen = self.seen, messages = listener.messages, applied = self.applied
        pump = Task {
            for await message in messages {
                seen.withLock { s in
                    switch message.typeID {
                    case AccountState.wireType.id:
                        if let a = try? message.decode(AccountState.self), (s.accounts[a.modelID]?.sequence ?? -1) < a.sequence { s.accounts[a.modelID] = a }
                    case OrderEvent.wireType.id: if let e = try? message.decode(OrderEvent.self) { s.orderEvents.append(e) }
                    case Fill.wireType.id: if let f = try? message.decode(Fill.self) { s.fills.append(f) }
                    case RiskVerdict.wireType.id: if let v = try? message.decode(RiskVerdict.self) { s.verdicts.append(v) }
                    case TradingStateChange.wireType.id: if let c = try? message.decode(TradingStateChange.self) { s.stateChanges.append(c) }
                    case Alert.wireType.id: if let a = try? message.decode(Alert.self) { s.alerts.append(a) }
                    case PaceMark.wireType.id:
                        if let m = try? message.decode(PaceMark.self) { applied.advance(to: m.through) }
                    default: break
                    }
                }
            }
        }
    }

    /// Starts `arena-<service>`, with `extra` variables added to the rig's environment (its log lines kept with `standardError`).
    func start(_ service: String, extra: [String: String] = [:], standardError: Bool = false) throws -> ChildProcess {
        try ChildProcess(
            TestData.debugBuild.appendingPathComponent("arena-\(service)"), [], environment: environment.merging(extra) { $1 }, standardError: standardError
        )
    }

    /// The bar is "stored" by the stand-in gateway, and published unless `streaming` is false (the OMS is down: it must catch up).
    func store(_ bar: Bar) { stored.withLock { $0.append(bar) } }

    /// Publishes `bars` (one minute of every symbol) and a lockstep pace mark until
    /// the OMS echoes the mark: it has applied them, and everything they caused
    /// is published before the echo (so it has reached this rig's subscription).
    func step(_ bars: [Bar], within limit: Duration = .seconds(60)) async throws {
        for bar in bars { store(bar) }
        guard let close = bars.map(\.closeTime).max() else { return }
        let clock = ContinuousClock(), end = clock.now.advanced(by: limit)
        let mark = PaceMark(service: ServiceName(unchecked: "gateway"), through: close, phase: .data)
        repeat {
            guard clock.now < end else { throw RigError("the OMS never applied the bars of \(close)") }
            // Repeats are dropped by the OMS (a bar it applied already); the first may beat its subscription.
            for bar in bars { try gateway.publish(bar, topic: MarketTopics.bar(.m1, bar.symbol)) }
            try gateway.publish(mark, topic: PaceTopics.mark("gateway"))
        } while try await !applied.reached(close, within: .milliseconds(300))
    }

    /// Publishes the stand-in gateway's heartbeat until the OMS counts a message
    /// on its market subscription: it subscribes to the heartbeat last, so from
    /// then on nothing published is lost to the subscription's start.
    func awaitSubscribed(within limit: Duration = .seconds(60)) async throws {
        let clock = ContinuousClock(), end = clock.now.advanced(by: limit)
        while true {
            let beat = Heartbeat(
                service: ServiceName(unchecked: "gateway"), instance: "rig", state: .ready, sentAt: WallClock().now(), uptimeSeconds: 0, intervalMilliseconds: 250
            )
            try gateway.publish(beat, topic: HeartbeatPublisher.topic("gateway"))
            if let counters = try? await oms.request(ControlRequest(command: .status), expecting: ServiceStatus.self).counters,
               (counters["stream_messages"] ?? 0) > 0 { return }
            guard clock.now < end else { throw RigError("the OMS never took the stand-in gateway's stream") }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Publishes a snapshot of the arena clock.
    func publish(_ snapshot: MarketSnapshot) throws {
        try clock.publish(FeatureSnapshot(try SealedSnapshot(sealing: snapshot)), topic: ArenaTopics.snapshot)
    }

    /// Sends `request` until answered (a starting service answers "starting", a killed one nothing).
    func ask<Request: WireMessage, Reply: WireMessage>(
        _ requester: Requester, _ request: Request, _ reply: Reply.Type, within limit: Duration = .seconds(60)
    ) async throws -> Reply {
        let clock = ContinuousClock(), end = clock.now.advanced(by: limit)
        while true {
            do { return try await requester.request(request, expecting: Reply.self) } catch {
                guard clock.now < end else { throw RigError("no answer to \(Request.wireType.name): \(error)") }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    /// Waits until `condition` holds on what was published.
    func until(_ what: String, within limit: Duration = .seconds(30), _ condition: (Seen) -> Bool) async throws {
        let clock = ContinuousClock(), end = clock.now.advanced(by: limit)
        while !seen.withLock({ condition($0) }) {
            guard clock.now < end else { throw RigError("timed out waiting for \(what)") }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Waits until the risk guard has rebuilt its state, hears the OMS (so its accounts reach it), and the OMS has
    /// acknowledged every command it sent.
    func awaitRiskSettled(within limit: Duration = .seconds(60)) async throws {
        let clock = ContinuousClock(), end = clock.now.advanced(by: limit)
        while true {
            if let counters = try? await risk.request(ControlRequest(command: .status), expecting: ServiceStatus.self).counters,
               counters["commands_pending"] == 0, counters["replayed_records"] != nil, (counters["oms_messages"] ?? 0) > 0 { return }
            guard clock.now < end else { throw RigError("the risk guard still has commands the OMS did not acknowledge") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// A service's counters, from its STATUS reply.
    func counters(_ requester: Requester) async throws -> [String: Int64] {
        try await ask(requester, ControlRequest(command: .status), ServiceStatus.self).counters
    }

    func close() async {
        pump.cancel()
        await listener.close()
        await oms.close()
        await risk.close()
        await history.close()
        gateway.close()
        clock.close()
        try? FileManager.default.removeItem(at: folder)
    }
}

struct RigError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A value shared between the test and the rig's listener.
final class Shared<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T { try mutex.withLock { try body(&$0) } }
}

/// Another process's write transaction held open on a SQLite store: every
/// writer of the arena waits its busy timeout and fails, as in a database
/// outage, until ``release()``.
final class StoreLock: Sendable {
    private let database: any SQLDatabase
    private let holder: Task<Void, any Error>
    private let release: AsyncStream<Void>.Continuation

    init(path: String) async throws {
        database = try await Store.open(.sqlite(path: path))
        let (released, release) = AsyncStream.makeStream(of: Void.self)
        self.release = release
        let (taken, take) = AsyncStream.makeStream(of: Void.self)
        let database = self.database
        holder = Task {
            try await database.transaction { executor in
                try await executor.execute("CREATE TABLE IF NOT EXISTS test_outage (x INTEGER)", [])
                take.yield()
                for await _ in released { break }
            }
        }
        for await _ in taken { break }
    }

    func unlock() async {
        release.yield()
        release.finish()
        _ = await holder.result
        await database.close()
    }
}
