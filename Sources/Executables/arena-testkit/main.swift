import ArenaBus
// Test support, not part of the product: processes that integration tests
// start and kill.
//   arena-testkit echo-worker NAME ENDPOINT DELAY_MS [CAPACITY]
//   arena-testkit stand-in-scorer NAME ENDPOINT CAPACITY [MODEL=BEHAVIOUR]...   (decide:BUY, slow:MS, silent, fail, wrong-tick, crash)
//   arena-testkit stand-in-risk ENDPOINT [SLOW_FIRST_MS]
//   arena-testkit scorer                (the real scorer with the test kinds too, e.g. io_probe; configured like arena-scorer)
//   arena-testkit fake-exchange --port P --data DIR [--spot FILE]... [--usdm FILE]... [--okx FILE] [--speed X] [--loop] [--now]
//   arena-testkit fake-discord PORT_FILE WEBHOOK_ID WEBHOOK_TOKEN   (a local Discord webhook, no rate limit)
// The fakes print `listening PORT` once bound (fake-discord writes it to PORT_FILE) and run until killed or stdin closes.
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

if args.count == 5 && args[1] == "fake-discord" {
    do {
        let discord = try await FakeDiscord()
        let url = discord.webhook(id: args[3], token: args[4])
        try "\(discord.port)\n".write(toFile: args[2], atomically: true, encoding: .utf8)
        FileHandle.standardOutput.write(Data("listening \(discord.port) \(url)\n".utf8))
        await StandardInput.closed()
        await discord.shutdown()
    } catch { fail("fake-discord: \(error)") }
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
    fail("usage: arena-testkit echo-worker NAME ENDPOINT DELAY_MS [CAPACITY] | stand-in-scorer NAME ENDPOINT CAPACITY [MODEL=BEHAVIOUR]... | stand-in-risk ENDPOINT [SLOW_FIRST_MS] | fake-exchange --port P --data DIR [--spot FILE]... [--usdm FILE]... [--okx FILE] [--speed X] [--loop] [--now] | fake-discord PORT_FILE WEBHOOK_ID WEBHOOK_TOKEN")
}
do {
    try await EchoWorker.run(
        name: args[2], endpoint: args[3], delay: .milliseconds(delay), capacity: args.count > 5 ? Int(args[5]) ?? 1 : 1
    )
} catch {
    FileHandle.standardError.write(Data("echo-worker: \(error)\n".utf8))
    exit(1)
}
