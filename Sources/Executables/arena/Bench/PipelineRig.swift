import ArenaBus
import ArenaCore
import ArenaRuntime
import ArenaWire
import Foundation
import Synchronization

/// The three-process set-up of ``PipelineBench``: a configuration on fixed
/// loopback ports (47100…47305) and a temporary SQLite store, `arena-risk`
/// and `arena-oms` from this executable's folder, and this process's sockets.
final class PipelineRig: Sendable {
    static let btc = Symbol(unchecked: "BTCUSDT")
    static let models = (0..<20).map { ModelID(unchecked: "bench\($0)") }
    static let start = Timestamp(milliseconds: 1_700_000_000_000)

    let folder: URL
    let processes = Mutex<[Process]>([])
    let gateway: Publisher
    let clock: Publisher
    let history: Replier
    let risk: Requester
    let oms: Requester
    let listener: Subscriber
    let events = EventLog()

    /// The client order ids seen in order events and in fills, and the sample waiting for one.
    final class EventLog: Sendable {
        enum Kind { case order, fill }
        private struct Waiter {
            let kind: Kind, id: String, deadline: ContinuousClock.Instant
            let continuation: CheckedContinuation<Bool, Never>
        }
        private struct State {
            var orders: Set<String> = [], fills: Set<String> = []
            var waiter: Waiter?
            func contains(_ kind: Kind, _ id: String) -> Bool { kind == .order ? orders.contains(id) : fills.contains(id) }
        }
        private let state = Mutex(State())
        /// The last verdict that made no order (what a stalled sample shows).
        let refused = Mutex<String?>(nil)

        /// Notes an arrival (on the subscriber's thread) and resumes the sample waiting for it.
        func arrived(_ kind: Kind, _ id: String) {
            let waiter = state.withLock { s -> Waiter? in
                if kind == .order { s.orders.insert(id) } else { s.fills.insert(id) }
                guard let w = s.waiter, w.kind == kind, w.id == id else { return nil }
                s.waiter = nil
                return w
            }
            waiter?.continuation.resume(returning: true)
        }

        /// Suspends until `id` has arrived (true), or until `timeout` has passed (false):
        /// resumed by the subscriber's thread, never by polling.
        func wait(for kind: Kind, _ id: String, timeout: Duration) async -> Bool {
            await withCheckedContinuation { continuation in
                let arrived = state.withLock { s -> Bool in
                    if s.contains(kind, id) { return true }
                    s.waiter = Waiter(kind: kind, id: id, deadline: .now.advanced(by: timeout), continuation: continuation)
                    return false
                }
                if arrived { continuation.resume(returning: true) }
            }
        }

        /// Resumes a waiter whose deadline has passed (checked by the rig's watchdog).
        func expire(now: ContinuousClock.Instant) {
            let waiter = state.withLock { s -> Waiter? in
                guard let w = s.waiter, w.deadline <= now else { return nil }
                s.waiter = nil
                return w
            }
            waiter?.continuation.resume(returning: false)
        }
    }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("pipeline-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let roster = Self.models.map { "  - {id: \($0), kind: all_cash}" }.joined(separator: "\n")
        let yaml = """
            arena: {name: pipeline-bench}
            services:
              supervisor: {pub: "tcp://127.0.0.1:47100", rep: "tcp://127.0.0.1:47200", http_port: 0}
              gateway: {pub: "tcp://127.0.0.1:47101", rep: "tcp://127.0.0.1:47201", http_port: 0}
              features: {pub: "tcp://127.0.0.1:47102", router: "tcp://127.0.0.1:47302", http_port: 0}
              scorer: {http_port: 0}
              risk: {pub: "tcp://127.0.0.1:47104", rep: "tcp://127.0.0.1:47204", http_port: 0}
              oms: {pub: "tcp://127.0.0.1:47105", rep: "tcp://127.0.0.1:47205", http_port: 0}
            store: {url: "sqlite:\(folder.appendingPathComponent("arena.sqlite").path)"}
            logging: {level: warning}
            market: {venue: binance, kind: spot, symbols: [BTCUSDT]}
            features: {tick_seconds: 60}
            risk:
              min_trade_interval_seconds: null
              max_trades_per_24h: null
              cooldown_after_loss_seconds: null
              stop_out_guard: null
              min_reward_risk: null
              volatility: null
            models:
            \(roster)
            """
        try yaml.write(to: folder.appendingPathComponent("arena.yaml"), atomically: true, encoding: .utf8)
        gateway = try Publisher(service: ServiceName("gateway"), bind: ["tcp://127.0.0.1:47101"])
        clock = try Publisher(service: ServiceName("features"), bind: ["tcp://127.0.0.1:47102"])
        history = try Replier(service: ServiceName("gateway"), bind: ["tcp://127.0.0.1:47201"]) { _ in BarsReply(bars: [], truncated: false) }
        risk = try Requester(service: ServiceName("bench"), connect: ["tcp://127.0.0.1:47204"], options: .init(timeout: .seconds(10), retries: 0))
        oms = try Requester(service: ServiceName("bench"), connect: ["tcp://127.0.0.1:47205"], options: .init(timeout: .seconds(10), retries: 0))
        let events = self.events
        listener = try Subscriber(
            service: ServiceName("bench"), connect: ["tcp://127.0.0.1:47105", "tcp://127.0.0.1:47104"], topics: ["order.", "fill.", "risk.verdict."],
            options: .init(delivery: .handler { message in
                if message.typeID == OrderEvent.wireType.id, let e = try? message.decode(OrderEvent.self) {
                    events.arrived(.order, e.order.clientOrderID.value)
                } else if message.typeID == Fill.wireType.id, let f = try? message.decode(Fill.self) {
                    events.arrived(.fill, f.clientOrderID.value)
                } else if message.typeID == RiskVerdict.wireType.id, let v = try? message.decode(RiskVerdict.self), v.plans.isEmpty {
                    events.refused.withLock { $0 = "\(v.decisionID): \(v.outcome.rawValue) \(v.message)" }
                }
            })
        )
    }

    /// Starts the two services and waits until both answer and the OMS takes the stream.
    func start() async throws {
        let bin = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for service in ["risk", "oms"] {
            let process = Process()
            process.executableURL = bin.appendingPathComponent("arena-\(service)")
            process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ARENA_") }
                .merging(["ARENA_CONFIG": folder.appendingPathComponent("arena.yaml").path]) { _, new in new }
            // Their logs (warnings and worse) stay in the folder, for a failed run.
            let log = folder.appendingPathComponent("\(service).log")
            FileManager.default.createFile(atPath: log.path, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: log)
            process.standardError = process.standardOutput
            try process.run()
            processes.withLock { $0.append(process) }
        }
        let end = ContinuousClock.now.advanced(by: .seconds(60))
        while true {
            try gateway.publish(
                Heartbeat(service: ServiceName(unchecked: "gateway"), instance: "bench", state: .ready, sentAt: WallClock().now(), uptimeSeconds: 0, intervalMilliseconds: 1_000),
                topic: HeartbeatPublisher.topic("gateway")
            )
            if let o = try? await oms.request(ControlRequest(command: .status), expecting: ServiceStatus.self),
               (o.counters["stream_messages"] ?? 0) > 0,
               (try? await risk.request(ControlRequest(command: .status), expecting: ServiceStatus.self))?.counters["replayed_records"] != nil {
                break
            }
            guard ContinuousClock.now < end else { throw PipelineBenchError("the risk guard and the OMS did not come up") }
            try await Task.sleep(for: .milliseconds(100))
        }
        startWatchdog()
        // The risk guard's subscription to the clock's snapshots is live once it counts one.
        while (try? await risk.request(ControlRequest(command: .status), expecting: ServiceStatus.self))?.counters["snapshots"] ?? 0 == 0 {
            guard ContinuousClock.now < end else { throw PipelineBenchError("the risk guard never took a snapshot") }
            try clock.publish(FeatureSnapshot(try SealedSnapshot(sealing: snapshot(0))), topic: ArenaTopics.snapshot)
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// One decision through to its fill, in microseconds: in all, to the order's first event at the OMS, and from the bar to the fill.
    func sample(_ i: Int) async throws -> (total: Double, toOrder: Double, barToFill: Double) {
        let decision = decision(i)
        let t0 = DispatchTime.now().uptimeNanoseconds
        let ack = try await risk.request(decision, expecting: DecisionAck.self)
        guard ack.firstReceipt else { throw PipelineBenchError("decision \(decision.decisionID) was a repeat") }
        let id = ClientOrderID.derived(from: decision.decisionID, leg: Self.opens(i) ? "entry" : "exit").value
        try await wait(for: .order, id)
        let t1 = DispatchTime.now().uptimeNanoseconds
        try gateway.publish(bar(i), topic: MarketTopics.bar(.m1, Self.btc))
        try await wait(for: .fill, id)
        let t2 = DispatchTime.now().uptimeNanoseconds
        let micros = (total: Double(t2 - t0) / 1_000, toOrder: Double(t1 - t0) / 1_000, barToFill: Double(t2 - t1) / 1_000)
        // The next tick's snapshot, well before its decision.
        try clock.publish(FeatureSnapshot(try SealedSnapshot(sealing: snapshot(i + 1))), topic: ArenaTopics.snapshot)
        return micros
    }

    private func wait(for kind: EventLog.Kind, _ id: String) async throws {
        guard await !events.wait(for: kind, id, timeout: .seconds(10)) else { return }
        let logs = ["risk", "oms"].map { (try? String(contentsOf: folder.appendingPathComponent("\($0).log"), encoding: .utf8)) ?? "" }
        let verdict = events.refused.withLock { $0 } ?? "none"
        throw PipelineBenchError("no order event or fill within 10 s; last verdict without an order: \(verdict); logs:\n\(logs.joined(separator: "\n").suffix(2_000))")
    }

    /// Expires a stalled sample's wait; a tenth of a second apart, so it costs the services nothing.
    private let watchdog = Mutex<Task<Void, Never>?>(nil)

    private func startWatchdog() {
        let events = self.events
        watchdog.withLock {
            $0 = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(100))
                    events.expire(now: .now)
                }
            }
        }
    }

    func tick(_ i: Int) -> Timestamp { Self.start.advanced(by: .seconds(Int64(i) * 60)) }

    /// Whether sample `i` opens (else closes) its model's position: each model
    /// opens, and closes twenty samples later, once its ledger has long reached the risk guard.
    static func opens(_ i: Int) -> Bool { (i / models.count) % 2 == 0 }

    /// Sample `i`'s decision: the models take turns.
    func decision(_ i: Int) -> ModelDecision {
        let model = Self.models[i % Self.models.count], open = Self.opens(i)
        return ModelDecision(
            decisionID: ScoringJob.decisionID(model: model, tick: tick(i)), modelID: model, configHash: "bench", tick: tick(i),
            snapshotHash: "bench", outcome: .decided, action: open ? .buy : .sell, symbol: Self.btc,
            positionSizePct: open ? FixedDecimal(raw: 100_000_000_000) : 1, takeProfit: nil, stopLoss: nil, leverage: nil, confidence: 0.9,
            rationale: "bench", latencyMilliseconds: 0, worker: nil, trace: nil, intent: open ? .open : .close
        )
    }

    func snapshot(_ i: Int) -> MarketSnapshot {
        let price = FixedDecimal(30_000)
        let symbol = SymbolSnapshot(
            symbol: Self.btc, venue: VenueID(unchecked: "binance"), market: .spot, bars1m: [],
            ticker: Ticker(bid: nil, ask: nil, last: price, time: tick(i)), indicatorTimeframe: .m1, indicators: [], orderFlow: nil,
            regime: RegimeReading(
                regime: .range, inputs: RegimeInputs(adx: nil, bollingerWidth: nil, atrPercentile: nil, efficiency: nil, volumeTrend: nil, breakout: 0),
                history: []
            )
        )
        return MarketSnapshot(tick: tick(i), tickIntervalSeconds: 60, symbols: [symbol])
    }

    /// The minute after tick `i`: what its order fills on.
    func bar(_ i: Int) -> Bar {
        let price = FixedDecimal(30_000)
        return Bar(
            venue: VenueID(unchecked: "binance"), symbol: Self.btc, timeframe: .m1, openTime: tick(i), open: price, high: price, low: price,
            close: price, volume: 1, quoteVolume: nil, tradeCount: nil, takerBuyVolume: nil, isClosed: true
        )
    }

    func decisionFrameSize() throws -> Int { try Envelope.frame(decision(0), metadata: WireSamples.metadata, codec: .binary).count }
    func commandFrameSize() throws -> Int {
        let spec = OrderSpec(
            clientOrderID: .derived(from: "bench", leg: "entry"), modelID: Self.models[0], source: "bench@0", venue: ExecutionVenues.paper,
            symbol: Self.btc, market: .spot, side: .buy, type: .market, quantity: 1, reduceOnly: false, purpose: .entry, createdAt: tick(0)
        )
        return try Envelope.frame(OrderCommand.place(OrderPlan(order: spec), at: tick(0)), metadata: WireSamples.metadata, codec: .binary).count
    }

    func stop() {
        watchdog.withLock { $0?.cancel() }
        // SIGTERM: each stops gracefully on its own; nothing here waits on a thread for it.
        for process in processes.withLock({ $0 }) where process.isRunning { process.terminate() }
        gateway.close()
        clock.close()
        try? FileManager.default.removeItem(at: folder)
    }
}

struct PipelineBenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
