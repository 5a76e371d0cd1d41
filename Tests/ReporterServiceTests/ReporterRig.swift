import Arena
import ArenaBus
import ArenaCore
import ArenaRuntime
import ArenaStore
import ArenaTesting
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import ReporterService
import RiskService
import Testing

/// The real reporter and the real risk guard hosted in this process over the in-process bus, on a
/// SQLite store in a temporary folder, with viewer and admin tokens from files; the test publishes
/// the other services' streams itself and talks to the dashboard over real HTTP.
final class ReporterRig: Sendable {
    static let viewer = "viewer-token-0123456789"
    static let admin = "admin-token-abcdefghijkl"
    static let models = ["alpha", "beta"]

    let folder: URL
    let port: Int
    let store: String
    let host: ServiceHost
    let running: Task<Void, any Error>
    let features: any MessagePublisher
    let oms: any MessagePublisher
    let gateway: any MessagePublisher
    let bus: InProcessBus

    /// A rig in a new folder, or in `folder` (its store and tokens kept: a restart).
    init(burst: Int = 400, extra: String = "", folder reused: URL? = nil) async throws {
        folder = reused ?? FileManager.default.temporaryDirectory.appendingPathComponent("reporter-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Self.viewer.write(to: folder.appendingPathComponent("viewer"), atomically: true, encoding: .utf8)
        try Self.admin.write(to: folder.appendingPathComponent("admin"), atomically: true, encoding: .utf8)
        port = FreePort.find()
        store = "sqlite:\(folder.appendingPathComponent("arena.sqlite").path)"
        let yaml = TestArenaConfig(catalogue: ArenaCatalogue.catalogue, store: store, sections: """
            reporter: {port: \(port), viewer_token_file: \(folder.appendingPathComponent("viewer").path), admin_token_file: \(folder.appendingPathComponent("admin").path), burst: \(burst), max_body_bytes: 1024\(extra)}
            bus: {heartbeat_interval_ms: 200}
            logging: {level: notice}
            models:
              - {id: alpha, kind: all_cash, version: "1"}
              - {id: beta, kind: buy_and_hold, version: "1"}
            """).yaml
        let config = try ArenaConfig.parse(yaml: yaml, catalogue: ArenaCatalogue.catalogue)
        bus = InProcessBus(requestTimeout: .seconds(2), requestRetries: 0)
        features = try bus.publisher(service: ServiceName(unchecked: "features"), bind: "features.pub")
        oms = try bus.publisher(service: ServiceName(unchecked: "oms"), bind: "oms.pub")
        gateway = try bus.publisher(service: ServiceName(unchecked: "gateway"), bind: "gateway.pub")
        host = try ServiceHost(
            hosting: [RiskComponent.self, ReporterComponent.self], config: config, transport: .inProcess(bus), logOutput: LogOutput { _ in }
        )
        let host = self.host
        running = Task { try await host.run() }
        let clock = ContinuousClock(), end = clock.now.advanced(by: .seconds(30))
        // Ready once its store is migrated and what it recorded is restored (asked without a token: the tests' token buckets stay full).
        while (try? await get("/api/health").json()["status"] as? String) != "ok" {
            guard clock.now < end else { throw RigError("the dashboard did not answer on port \(port)") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    func stop() async {
        host.triggerGracefulShutdown(reason: "test done")
        _ = try? await running.value
        try? FileManager.default.removeItem(at: folder)
    }

    struct Reply {
        var status: HTTPResponseStatus
        var headers: HTTPHeaders
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
        func json() throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any], "not a JSON object: \(text.prefix(300))")
        }
        /// The typed error's code.
        func errorCode() throws -> String? { (try json()["error"] as? [String: Any])?["code"] as? String }
    }

    func get(_ path: String, token: String? = nil) async throws -> Reply {
        try await send(.GET, path, token: token, body: nil)
    }

    func post(_ path: String, token: String? = nil, body: String? = nil) async throws -> Reply {
        try await send(.POST, path, token: token, body: body)
    }

    func send(_ method: HTTPMethod, _ path: String, token: String?, body: String?, headers extra: [(String, String)] = []) async throws -> Reply {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        for (name, value) in extra { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let collected = try await response.body.collect(upTo: 64 << 20)
        return Reply(status: response.status, headers: response.headers, body: Array(collected.readableBytesView))
    }

    /// Waits until `condition` holds (events cross the bus and the reporter's writers asynchronously).
    func eventually(_ what: String, within seconds: Int = 20, _ condition: () async throws -> Bool) async throws {
        let clock = ContinuousClock(), end = clock.now.advanced(by: .seconds(seconds))
        while try await !condition() {
            guard clock.now < end else { throw RigError("timed out waiting for \(what)") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    static let start: Int64 = 1_680_307_200_000_000_000
    static let btc = Symbol(unchecked: "BTCUSDT")

    /// The closed 1m BTC bar `minute` minutes after ``start``.
    static func bar(_ minute: Int64, close: FixedDecimal) -> Bar {
        Bar(
            venue: VenueID(unchecked: "binance"), symbol: btc, timeframe: .m1,
            openTime: Timestamp(nanoseconds: start + minute * 60_000_000_000), open: close, high: close, low: close, close: close, volume: 1
        )
    }

    static func decision(_ model: String, _ n: Int) -> ModelDecision {
        ModelDecision(
            decisionID: "\(model)@\(n)", modelID: ModelID(unchecked: model), configHash: "h", tick: Timestamp(nanoseconds: start + Int64(n) * 60_000_000_000),
            snapshotHash: String(repeating: "ab", count: 32), outcome: .decided, action: .hold, symbol: nil, positionSizePct: 0, takeProfit: nil,
            stopLoss: nil, leverage: nil, confidence: 0.5, rationale: "test \(n)", latencyMilliseconds: 5, worker: nil, trace: nil, intent: PositionIntent.none
        )
    }
}

struct RigError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
