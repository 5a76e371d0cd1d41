import AlerterService
import Alerts
import ArenaBus
import ArenaCore
import ArenaRuntime
import AsyncHTTPClient
import Foundation
import NIOCore

/// Alerts per second from the bus to a local Discord-compatible webhook through the real alerter
/// (persisted to SQLite, formatted, posted with `?wait=true`, its delivery recorded), with rate
/// limits off, against the same posts sent straight to the same server one after the other: the
/// ceiling the alerter's one-at-a-time, in-order delivery can reach.
///
/// The webhook is `arena-testkit fake-discord` (test support, so a separate process; `make bench`
/// builds it next to `arena`).
enum AlerterBench {
    static func run(quick: Bool) async throws -> [BenchResult] {
        let count = quick ? 300 : 3_000
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("alerter-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let fake = try await FakeWebhookProcess.start(in: folder)
        defer { fake.stop() }

        let sample = alert(0)
        let request = try DiscordWebhook(url: fake.url).requests(for: sample)[0]
        let started = ContinuousClock.now
        for _ in 0..<count {
            var post = HTTPClientRequest(url: request.url)
            post.method = .POST
            post.headers.add(name: "Content-Type", value: "application/json")
            post.body = .bytes(ByteBuffer(bytes: request.body))
            let response = try await HTTPClient.shared.execute(post, timeout: .seconds(10))
            _ = try await response.body.collect(upTo: 1 << 20)
            guard response.status.code == 200 else { throw BenchFailure("the local webhook answered \(response.status.code)") }
        }
        let direct = Double(count) / ((ContinuousClock.now - started) / .seconds(1))

        let through = try await throughAlerter(count: count, fake: fake, folder: folder)
        return [
            BenchResult(
                name: "alerts/s, bus → alerter (SQLite outbox) → local webhook, rate limits off", value: through, unit: "alerts/s",
                baseline: "the same posts sent straight, one at a time", baselineValue: direct, ratio: through / direct
            ),
        ]
    }

    /// Hosts the alerter over the in-process bus, publishes `count` distinct alerts and times
    /// them until the webhook has accepted every one.
    static func throughAlerter(count: Int, fake: FakeWebhookProcess, folder: URL) async throws -> Double {
        let catalogue = ServiceCatalogue([AlerterComponent.self])
        let peers = ["gateway", "features", "risk", "oms", "reporter", "alerter"].enumerated().map { "  \($1): {pub: \"tcp://127.0.0.1:\(17_100 + $0)\", http_port: 0}" }
        let yaml = (["arena: {name: bench}", "services:"] + peers + [
            "store: {url: \"sqlite:\(folder.appendingPathComponent("bench.sqlite").path)\"}",
            "alerter: {dedupe_window_seconds: 0, destinations: {bench: {type: discord}}}",
            "logging: {level: error}",
        ]).joined(separator: "\n")
        let config = try ArenaConfig.parse(yaml: yaml, environment: ["ARENA_ALERTER__DESTINATIONS__BENCH__WEBHOOK_URL": fake.url], catalogue: catalogue)
        let bus = InProcessBus(requestTimeout: .seconds(2), requestRetries: 0)
        let oms = try bus.publisher(service: ServiceName(unchecked: "oms"), bind: "oms.pub")
        let host = try ServiceHost(hosting: [AlerterComponent.self], config: config, transport: .inProcess(bus), logOutput: LogOutput { _ in })
        let running = Task { try await host.run() }
        defer {
            host.triggerGracefulShutdown(reason: "bench done")
            running.cancel()
        }
        // The same probe (taken once) until it arrives: the subscription is up.
        let before = try await fake.accepted()
        let probe = alert(-1)
        while try await fake.accepted() == before {
            try oms.publish(probe, topic: MarketTopics.alert(probe.kind))
            try await Task.sleep(for: .milliseconds(50))
        }
        let target = before + 1 + count
        let started = ContinuousClock.now
        for i in 1...count { try oms.publish(alert(i), topic: MarketTopics.alert("order_rejected")) }
        let deadline = started.advanced(by: .seconds(600))
        while try await fake.accepted() < target {
            guard ContinuousClock.now < deadline else { throw BenchFailure("the alerter delivered \(try await fake.accepted() - before - 1) of \(count) in 10 minutes") }
            try await Task.sleep(for: .milliseconds(20))
        }
        return Double(count) / ((ContinuousClock.now - started) / .seconds(1))
    }

    static func alert(_ i: Int) -> Alert {
        Alert(
            id: "bench-\(i)", severity: .warning, kind: "order_rejected", source: ServiceName(unchecked: "oms"), title: "Order rejected for model_\(i % 10)",
            message: "BUY 0.5 BTCUSDT: insufficient_balance (bench \(i))", symbol: Symbol(unchecked: "BTCUSDT"), model: ModelID(unchecked: "model_\(i % 10)"),
            fields: ["order": "model_\(i % 10)-\(i)", "purpose": "ENTRY"], time: WallClock().now()
        )
    }
}

/// `arena-testkit fake-discord` as a child process: its webhook URL, and how many posts it accepted.
struct FakeWebhookProcess {
    let process: Process
    let input: Pipe
    let url: String
    let port: Int

    static func start(in folder: URL) async throws -> FakeWebhookProcess {
        let testkit = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("arena-testkit")
        guard FileManager.default.isExecutableFile(atPath: testkit.path) else {
            throw BenchFailure("\(testkit.path) is not built (swift build -c release --product arena-testkit)")
        }
        let portFile = folder.appendingPathComponent("fake-discord.port")
        let process = Process()
        process.executableURL = testkit
        process.arguments = ["fake-discord", portFile.path, "1", "bench-token"]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = ContinuousClock.now.advanced(by: .seconds(30))
        while true {
            if let text = try? String(contentsOf: portFile, encoding: .utf8), let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return FakeWebhookProcess(process: process, input: input, url: "http://127.0.0.1:\(port)/api/webhooks/1/bench-token", port: port)
            }
            guard ContinuousClock.now < deadline, process.isRunning else {
                process.terminate()
                throw BenchFailure("arena-testkit fake-discord did not start")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Posts the webhook accepted so far.
    func accepted() async throws -> Int {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/_fake/count"), timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 4_096)
        let counts = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]
        return counts?["messages"] as? Int ?? 0
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
    }
}
