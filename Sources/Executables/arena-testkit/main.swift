import ArenaBus
// Test support, not part of the product: processes that integration tests
// start and kill.
//   arena-testkit echo-worker NAME ENDPOINT DELAY_MS [CAPACITY]
//   arena-testkit stand-in-scorer NAME ENDPOINT CAPACITY [MODEL=BEHAVIOUR]...   (decide:BUY, slow:MS, silent, fail, wrong-tick, crash)
//   arena-testkit stand-in-risk ENDPOINT [SLOW_FIRST_MS]
//   arena-testkit scorer                (the real scorer with the test kinds too, e.g. io_probe; configured like arena-scorer)
//   arena-testkit fake-exchange --port P --data DIR [--spot FILE]... [--usdm FILE]... [--okx FILE] [--speed X] [--loop] [--now]
//   arena-testkit fake-discord PORT_FILE WEBHOOK_ID WEBHOOK_TOKEN   (a local Discord webhook, no rate limit)
//   arena-testkit fake-llm PORT_FILE [--key KEY] [--script FILE]   (local OpenAI, Anthropic and Gemini endpoints)
// The fakes print `listening PORT` once bound (fake-discord and fake-llm write the port to PORT_FILE) and run until
// killed or stdin closes.
// fake-llm: with --key every provider requires that key; --script queues steps per provider from a JSON file
// (FakeLLMScript), each provider optional, steps consumed one per request, then a valid HOLD reply:
//   {"openai": [{"step": "reply", "text": "...", "delay_ms": 2000, "input_tokens": 100, "output_tokens": 20},
//               {"step": "status", "code": 429, "retry_after": 1, "delay_ms": 0}, {"step": "truncated", "text": "..."},
//               {"step": "empty"}, {"step": "refusal", "text": "..."}, {"step": "hang"}],
//    "anthropic": [...], "gemini": [...]}
// Base URLs: http://127.0.0.1:PORT/v1 (openai, anthropic), http://127.0.0.1:PORT/v1beta (gemini); GET /_fake/count
// counts the requests per provider.
import Arena
import ArenaRuntime
import ArenaTesting
import Foundation

let args = CommandLine.arguments

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(64)
}

if args.count >= 2 && args[1] == "scorer" {
    exit(await ServiceHost.launch([TestScorerComponent.self], catalogue: ArenaCatalogue.catalogue))
}

if args.count >= 2 && args[1] == "fake-exchange" {
    var config = FakeExchange.Configuration()
    var data = URL(fileURLWithPath: ".")
    var spot: [String] = [], usdm: [String] = []
    var okx: String?
    var i = 2
    func value() -> String {
        i += 1
        guard i < args.count else { fail("fake-exchange: \(args[i - 1]) needs a value") }
        return args[i]
    }
    while i < args.count {
        switch args[i] {
        case "--port":
            guard let port = Int(value()) else { fail("fake-exchange: --port needs a number") }
            config.port = port
        case "--data": data = URL(fileURLWithPath: value())
        case "--spot": spot.append(value())
        case "--usdm": usdm.append(value())
        case "--okx": okx = value()
        case "--speed":
            guard let speed = Double(value()) else { fail("fake-exchange: --speed needs a number") }
            config.speed = speed
        case "--loop": config.loop = true
        case "--now": config.retimeToNow = true
        default: fail("fake-exchange: unknown option \(args[i])")
        }
        i += 1
    }
    config.spotFiles = spot.map { data.appendingPathComponent($0) }
    config.usdmFiles = usdm.map { data.appendingPathComponent($0) }
    config.okxFile = okx.map { data.appendingPathComponent($0) }
    do {
        let exchange = try await FakeExchange(config)
        FileHandle.standardOutput.write(Data("listening \(exchange.port)\n".utf8))
        // Run until stdin closes (the parent test ended) or a signal ends the process.
        await StandardInput.closed()
        exchange.stop()
    } catch {
        FileHandle.standardError.write(Data("fake-exchange: \(error)\n".utf8))
        exit(1)
    }
    exit(0)
}

/// A fake's life once bound: `port` written to `portFile`, `listening PORT DETAIL` printed, served
/// until stdin closes, then `stop`.
func serve(port: Int, portFile: String, detail: String, stop: () async -> Void) async throws {
    try "\(port)\n".write(toFile: portFile, atomically: true, encoding: .utf8)
    FileHandle.standardOutput.write(Data("listening \(port) \(detail)\n".utf8))
    await StandardInput.closed()
    await stop()
}

if args.count == 5 && args[1] == "fake-discord" {
    do {
        let discord = try await FakeDiscord()
        let url = discord.webhook(id: args[3], token: args[4])
        try await serve(port: discord.port, portFile: args[2], detail: url) { await discord.shutdown() }
    } catch { fail("fake-discord: \(error)") }
    exit(0)
}

if args.count >= 3 && args[1] == "fake-llm" {
    var key: String?
    var script: Data?
    var i = 3
    while i < args.count {
        guard i + 1 < args.count else { fail("fake-llm: \(args[i]) needs a value") }
        switch args[i] {
        case "--key": key = args[i + 1]
        case "--script":
            guard let data = FileManager.default.contents(atPath: args[i + 1]) else { fail("fake-llm: cannot read \(args[i + 1])") }
            script = data
        default: fail("fake-llm: unknown option \(args[i])")
        }
        i += 2
    }
    do {
        let server = try await FakeLLMServer(requireKey: key)
        if let script { try server.loadScript(script) }
        try await serve(port: server.port, portFile: args[2], detail: server.baseURL(.openai)) { await server.stop() }
    } catch { fail("fake-llm: \(error)") }
    exit(0)
}

if args.count >= 5 && args[1] == "stand-in-scorer" {
    guard let capacity = Int(args[4]) else { fail("stand-in-scorer: CAPACITY must be a number") }
    var behaviours: [String: StandInScorer.Behaviour] = [:]
    for item in args.dropFirst(5) {
        let pair = item.split(separator: "=", maxSplits: 1).map(String.init)
        guard pair.count == 2, let behaviour = StandInScorer.Behaviour(pair[1]) else { fail("stand-in-scorer: bad behaviour \(item)") }
        behaviours[pair[0]] = behaviour
    }
    do { try await StandInScorer.run(name: args[2], endpoint: args[3], capacity: capacity, behaviours: behaviours) } catch {
        fail("stand-in-scorer: \(error)")
    }
    exit(0)
}

if args.count >= 3 && args[1] == "stand-in-risk" {
    var slowFirst: Duration?
    if args.count > 3 {
        guard let ms = Int(args[3]) else { fail("stand-in-risk: SLOW_FIRST_MS must be a number") }
        slowFirst = .milliseconds(ms)
    }
    do { try await StandInRisk.run(endpoint: args[2], slowFirst: slowFirst) } catch { fail("stand-in-risk: \(error)") }
    exit(0)
}

guard args.count >= 5, args[1] == "echo-worker", let delay = Int(args[4]) else {
    fail("usage: arena-testkit echo-worker NAME ENDPOINT DELAY_MS [CAPACITY] | stand-in-scorer NAME ENDPOINT CAPACITY [MODEL=BEHAVIOUR]... | stand-in-risk ENDPOINT [SLOW_FIRST_MS] | fake-exchange --port P --data DIR [--spot FILE]... [--usdm FILE]... [--okx FILE] [--speed X] [--loop] [--now] | fake-discord PORT_FILE WEBHOOK_ID WEBHOOK_TOKEN | fake-llm PORT_FILE [--key KEY] [--script FILE]")
}
do {
    try await EchoWorker.run(
        name: args[2], endpoint: args[3], delay: .milliseconds(delay), capacity: args.count > 5 ? Int(args[5]) ?? 1 : 1
    )
} catch {
    FileHandle.standardError.write(Data("echo-worker: \(error)\n".utf8))
    exit(1)
}
