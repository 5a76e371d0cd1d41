import Arena
import ArenaBus
import ArenaCore
import ArenaRuntime
import ArenaTesting
import ArenaWire
import FeaturesService
import Foundation
import Synchronization

/// The feature engine with stand-in scorers and risk guard around it, and
/// the test playing the gateway (``StandInGateway``) and the OMS, listening
/// to the engine's `feat.*`, `round.*` and `decision.*`; its own SQLite
/// store and a configuration written for the test.
///
/// Two ways, one behaviour: ``Mode/processes`` runs a real `arena-features`
/// and `arena-testkit` stand-in processes over ZeroMQ on free ports (what
/// restarts and killed workers need); ``Mode/inProcess`` hosts the engine's
/// component and the stand-ins in the test process over the in-process
/// transport (faster, and free of process start-up and socket timing).
final class ArenaHarness: @unchecked Sendable {
    enum Mode { case processes, inProcess }

    static let build = SampleBars.repo.appendingPathComponent(".build/debug")

    let mode: Mode
    let folder: URL
    let configPath: String
    let storePath: String
    let config: TestArenaConfig
    let gateway: StandInGateway
    /// The OMS's publisher, played by the test: account states on `acct.<model>`.
    let oms: any MessagePublisher
    let listener: any MessageSubscription
    private let transport: any BusTransport
    private let addresses: (ServiceKind, BusSocketRole) throws -> String
    private(set) var features: ChildProcess?
    private var host: (host: ServiceHost, running: Task<Void, any Error>)?
    private(set) var risk: ChildProcess?
    private(set) var scorers: [String: ChildProcess] = [:]
    private var inProcessParts: [any Sendable] = []
    private let inbox = Collected<Envelope>()
    private let announced = Collected<String>()

    /// Writes the configuration (`features` and `models` as YAML) and binds the stand-in gateway with `history`.
    init(_ mode: Mode, features: String, models: String, history: [Bar], requestTimeoutMs: Int = 2_500) throws {
        self.mode = mode
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("features-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let storePath = folder.appendingPathComponent("arena.sqlite").path
        self.storePath = storePath
        config = TestArenaConfig(catalogue: ArenaCatalogue.catalogue, name: "features-test", store: "sqlite:\(storePath)", sections: """
            bus: {request_timeout_ms: \(requestTimeoutMs), request_retries: 0, heartbeat_interval_ms: 200}
            logging: {level: info, format: json}
            market: {symbols: [BTCUSDT, ETHUSDT]}
            features:
            \(features.indented())
            models:
            \(models.indented())
            """)
        configPath = try config.write(in: folder)
        switch mode {
        case .processes:
            transport = ZeroMQTransport()
            addresses = { [config] in try config.endpoint($0, $1) }
        case .inProcess:
            transport = InProcessBus(requestTimeout: .milliseconds(requestTimeoutMs), requestRetries: 0)
            addresses = { try BusAddressBook.inProcess.address($0, $1) }
        }
        gateway = try StandInGateway(
            transport: transport, pub: try addresses("gateway", .pub), rep: try addresses("gateway", .rep), history: history
        )
        oms = try transport.publisher(service: ServiceName(unchecked: "oms"), bind: try addresses("oms", .pub))
        listener = try transport.subscriber(
            service: ServiceName(unchecked: "test"), connect: [try addresses("features", .pub)], topics: ["feat.", "round.", "decision.", "alert."],
            bufferCapacity: 4096
        )
        let messages = listener.messages, inbox = inbox
        Task {
            for await message in messages {
                // In process the value itself arrives: give it the envelope it would have had on the wire.
                if let envelope = message.envelope ?? Self.envelope(of: message) { inbox.append(envelope) }
            }
        }
    }

    /// The envelope of an in-process message of the types the engine publishes.
    private static func envelope(of message: any BusMessage) -> Envelope? {
        func wrap<M: WireMessage>(_ type: M.Type) -> Envelope? {
            (try? message.decode(type)).flatMap { try? Envelope($0, metadata: message.metadata) }
        }
        return wrap(FeatureSnapshot.self) ?? wrap(RoundRecord.self) ?? wrap(ModelDecision.self) ?? wrap(Alert.self)
    }

    /// Starts the risk stand-in; `slowFirstMs` delays the first receipt of every decision.
    func startRisk(slowFirstMs: Int? = nil) async throws {
        switch mode {
        case .processes:
            let p = try ChildProcess(
                Self.build.appendingPathComponent("arena-testkit"),
                ["stand-in-risk", try addresses("risk", .rep)] + (slowFirstMs.map { ["\($0)"] } ?? [])
            )
            guard await p.waitForLine(timeout: .seconds(90), { $0.hasPrefix("READY") }) != nil else {
                throw HarnessError("risk stand-in did not start: \(p.output)")
            }
            risk = p
        case .inProcess:
            let announced = announced
            let routes = StandInRisk.routes(slowFirst: slowFirstMs.map { .milliseconds($0) }, announce: { announced.append($0) })
            inProcessParts.append(try transport.replier(service: ServiceName(unchecked: "risk"), bind: try addresses("risk", .rep), handler: routes.handler))
        }
    }

    /// Starts a scorer stand-in named `name` with `behaviours` (`model=behaviour`).
    func startScorer(_ name: String, capacity: Int = 8, _ behaviours: [String]) async throws {
        switch mode {
        case .processes:
            let p = try ChildProcess(
                Self.build.appendingPathComponent("arena-testkit"),
                ["stand-in-scorer", name, try addresses("features", .router), "\(capacity)"] + behaviours
            )
            guard await p.waitForLine(timeout: .seconds(90), { $0.hasPrefix("READY") }) != nil else {
                throw HarnessError("scorer \(name) did not start: \(p.output)")
            }
            scorers[name] = p
        case .inProcess:
            var parsed: [String: StandInScorer.Behaviour] = [:]
            for item in behaviours {
                let pair = item.split(separator: "=", maxSplits: 1).map(String.init)
                guard pair.count == 2, let behaviour = StandInScorer.Behaviour(pair[1]) else { throw HarnessError("bad behaviour \(item)") }
                parsed[pair[0]] = behaviour
            }
            let announced = announced
            inProcessParts.append(try transport.worker(
                service: ServiceName(unchecked: name), connect: try addresses("features", .router), capacity: capacity,
                handler: StandInScorer.handler(parsed, announce: { announced.append($0) })
            ))
        }
    }

    /// Starts a real `arena-scorer` process on the harness's configuration and waits until it has joined the job pool.
    func startRealScorer() async throws {
        let p = try ChildProcess(Self.build.appendingPathComponent("arena-scorer"), [], environment: ["ARENA_CONFIG": configPath], standardError: true)
        guard await p.waitForLine(timeout: .seconds(90), { $0.contains("scorer joined the job pool") }) != nil else {
            throw HarnessError("the scorer did not start: \(p.output.suffix(20))")
        }
        scorers["scorer-\(scorers.count + 1)"] = p
    }

    /// Starts the engine and waits until it has loaded its warm-up history
    /// (`symbols` funding queries, the last step of each symbol's) and its
    /// subscription has settled.
    func startFeatures(symbols: Int = 2) async throws {
        let before = gateway.fundingQueries
        switch mode {
        case .processes:
            features = try ChildProcess(Self.build.appendingPathComponent("arena-features"), [], environment: ["ARENA_CONFIG": configPath])
        case .inProcess:
            let loaded = try ArenaConfig.load(path: configPath, environment: [:], catalogue: ArenaCatalogue.catalogue)
            guard case let bus as InProcessBus = transport else { throw HarnessError("in-process mode without an in-process bus") }
            let host = try ServiceHost(hosting: [FeaturesComponent.self], config: loaded, transport: .inProcess(bus), logOutput: LogOutput { _ in })
            self.host = (host, Task { try await host.run() })
        }
        let clock = ContinuousClock(), end = clock.now.advanced(by: .seconds(60))
        while gateway.fundingQueries < before + symbols {
            guard clock.now < end, features?.isRunning ?? true else {
                throw HarnessError("features did not warm up: \(features?.output.suffix(20) ?? [])")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        // PUB/SUB over ZeroMQ: give the subscription (made before the warm-up) time to reach the publisher.
        if mode == .processes { try await Task.sleep(for: .milliseconds(300)) }
    }

    /// Stops the engine (SIGTERM, or a graceful shutdown of its host) and waits for it to end.
    func stopFeatures() async {
        if let (host, running) = host {
            host.triggerGracefulShutdown(reason: "test")
            _ = try? await running.value
            self.host = nil
        }
        features?.kill(SIGTERM)
        let clock = ContinuousClock(), end = clock.now.advanced(by: .seconds(20))
        while features?.isRunning == true && clock.now < end { try? await Task.sleep(for: .milliseconds(50)) }
        await features?.stop()
        features = nil
    }

    /// Every message the engine published since the harness started, in arrival order.
    var received: [Envelope] { inbox.all }

    /// Waits until `condition` holds over ``received`` (a guard against hanging, not a performance bound).
    @discardableResult
    func waitFor(_ what: String, timeout: Duration = .seconds(60), _ condition: ([Envelope]) -> Bool) async throws -> [Envelope] {
        let clock = ContinuousClock(), end = clock.now.advanced(by: timeout)
        while true {
            let got = received
            if condition(got) { return got }
            guard clock.now < end else { throw HarnessError("timed out waiting for \(what); features: \(features?.output.suffix(15) ?? [])") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Lines the risk stand-in announced for decisions.
    var riskReceipts: [String] { (risk?.output ?? announced.all).filter { $0.hasPrefix("DECISION ") } }

    /// Job lines announced by every scorer stand-in.
    var jobLines: [String] { (mode == .processes ? scorers.values.flatMap(\.output) : announced.all).filter { $0.hasPrefix("JOB ") } }

    func shutdown() async {
        await stopFeatures()
        for p in scorers.values {
            p.kill(SIGTERM)
            await p.stop()
        }
        risk?.kill(SIGTERM)
        await risk?.stop()
        for part in inProcessParts {
            if let worker = part as? any JobWorker { await worker.close() }
            if let server = part as? any RequestServer { await server.close() }
        }
        await listener.close()
        oms.close()
        await gateway.close()
        try? FileManager.default.removeItem(at: folder)
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension Array where Element == Envelope {
    /// The messages of type `M`.
    func messages<M: WireMessage>(_ type: M.Type) -> [M] { compactMap { $0.typeID == M.wireType.id ? try? $0.decode(M.self) : nil } }
}

/// Values gathered by one task and read by another.
final class Collected<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])

    func append(_ value: Value) { values.withLock { $0.append(value) } }

    var all: [Value] { values.withLock { $0 } }
}
