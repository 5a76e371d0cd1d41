import ArenaBus
import ArenaCore
import ArenaTesting
import ArenaWire
import Foundation
import Synchronization

/// A real `arena-features` process with stand-in scorer and risk processes
/// around it, on free ports, with its own SQLite store and a YAML
/// configuration written for the test. The test plays the gateway
/// (``StandInGateway``) and listens to the engine's `feat.*`, `round.*` and
/// `decision.*`.
final class ArenaHarness: @unchecked Sendable {
    static let build = SampleBars.repo.appendingPathComponent(".build/debug")

    let folder: URL
    let configPath: String
    let storePath: String
    let endpoints: [String: String]
    let gateway: StandInGateway
    /// The OMS's publisher, played by the test: account states on `acct.<model>`.
    let oms: Publisher
    let listener: Subscriber
    private(set) var features: ChildProcess?
    private(set) var risk: ChildProcess?
    private(set) var scorers: [String: ChildProcess] = [:]
    private let inbox = Collected<Envelope>()

    /// Writes the configuration (`features` and `models` as YAML) and binds the stand-in gateway with `history`.
    init(features: String, models: String, history: [Bar], requestTimeoutMs: Int = 2_500) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("features-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let names = ["supervisor.pub", "supervisor.rep", "gateway.pub", "gateway.rep", "features.pub", "features.router", "risk.pub",
                     "risk.rep", "oms.pub", "oms.rep", "reporter.pub", "alerter.pub"]
        let endpoints = Dictionary(uniqueKeysWithValues: zip(names, FreePort.distinct(names.count).map { "tcp://127.0.0.1:\($0)" }))
        self.endpoints = endpoints
        let storePath = folder.appendingPathComponent("arena.sqlite").path
        self.storePath = storePath
        func e(_ name: String) -> String { "\"\(endpoints[name]!)\"" }
        let yaml = """
            arena: {name: features-test}
            bus: {request_timeout_ms: \(requestTimeoutMs), request_retries: 0, heartbeat_interval_ms: 200}
            services:
              supervisor: {pub: \(e("supervisor.pub")), rep: \(e("supervisor.rep")), http_port: 0}
              gateway: {pub: \(e("gateway.pub")), rep: \(e("gateway.rep")), http_port: 0}
              features: {pub: \(e("features.pub")), router: \(e("features.router")), http_port: 0}
              scorer: {http_port: 0}
              risk: {pub: \(e("risk.pub")), rep: \(e("risk.rep")), http_port: 0}
              oms: {pub: \(e("oms.pub")), rep: \(e("oms.rep")), http_port: 0}
              reporter: {pub: \(e("reporter.pub")), http_port: 0}
              alerter: {pub: \(e("alerter.pub")), http_port: 0}
            store: {url: "sqlite:\(storePath)"}
            logging: {level: info, format: json}
            market: {symbols: [BTCUSDT, ETHUSDT]}
            features:
            \(features.indented)
            models:
            \(models.indented)
            """
        let configPath = folder.appendingPathComponent("arena.yaml").path
        self.configPath = configPath
        try yaml.write(toFile: configPath, atomically: true, encoding: .utf8)
        gateway = try StandInGateway(pub: endpoints["gateway.pub"]!, rep: endpoints["gateway.rep"]!, history: history)
        oms = try Publisher(service: ServiceName(unchecked: "oms"), bind: [endpoints["oms.pub"]!])
        listener = try Subscriber(
            service: ServiceName(unchecked: "test"), connect: [endpoints["features.pub"]!], topics: ["feat.", "round.", "decision."]
        )
        let messages = listener.messages, inbox = inbox
        Task { for await message in messages { inbox.append(message.envelope) } }
    }

    /// Starts the risk stand-in; `slowFirstMs` delays the first receipt of every decision.
    func startRisk(slowFirstMs: Int? = nil) async throws {
        let p = try ChildProcess(Self.build.appendingPathComponent("arena-testkit"), ["stand-in-risk", endpoints["risk.rep"]!] + (slowFirstMs.map { ["\($0)"] } ?? []))
        guard await p.waitForLine(timeout: .seconds(90), { $0.hasPrefix("READY") }) != nil else { throw HarnessError("risk stand-in did not start: \(p.output)") }
        risk = p
    }

    /// Starts a scorer stand-in named `name` with `behaviours` (`model=behaviour`).
    func startScorer(_ name: String, capacity: Int = 8, _ behaviours: [String]) async throws {
        let p = try ChildProcess(
            Self.build.appendingPathComponent("arena-testkit"),
            ["stand-in-scorer", name, endpoints["features.router"]!, "\(capacity)"] + behaviours
        )
        guard await p.waitForLine(timeout: .seconds(90), { $0.hasPrefix("READY") }) != nil else { throw HarnessError("scorer \(name) did not start: \(p.output)") }
        scorers[name] = p
    }

    /// Starts `arena-features` and waits until it has loaded its warm-up history
    /// (`previousFundingQueries` from earlier runs) and its subscription has settled.
    func startFeatures(symbols: Int = 2) async throws {
        let before = gateway.fundingQueries
        features = try ChildProcess(Self.build.appendingPathComponent("arena-features"), [], environment: ["ARENA_CONFIG": configPath])
        let clock = ContinuousClock(), end = clock.now.advanced(by: .seconds(60))
        while gateway.fundingQueries < before + symbols {
            guard clock.now < end, features?.isRunning == true else { throw HarnessError("features did not warm up: \(features?.output.suffix(20) ?? [])") }
            try await Task.sleep(for: .milliseconds(50))
        }
        // PUB/SUB: give the subscription (made before the warm-up) time to reach the publisher.
        try await Task.sleep(for: .milliseconds(300))
    }

    /// Stops the engine with SIGTERM and waits for it to exit.
    func stopFeatures() async {
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

    /// Lines the risk stand-in printed for decisions.
    var riskReceipts: [String] { risk?.output.filter { $0.hasPrefix("DECISION ") } ?? [] }

    /// Job lines printed by every scorer stand-in.
    var jobLines: [String] { scorers.values.flatMap { $0.output.filter { $0.hasPrefix("JOB ") } } }

    func shutdown() async {
        await stopFeatures()
        for p in scorers.values {
            p.kill(SIGTERM)
            await p.stop()
        }
        risk?.kill(SIGTERM)
        await risk?.stop()
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

extension String {
    /// Every line indented by two spaces, for nesting YAML.
    var indented: String { split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n") }
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
