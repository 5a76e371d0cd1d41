@testable import ArenaBus
import ArenaCore
import ArenaWire
import Synchronization
import Testing

/// The transports a service can run on, behind the one seam.
enum Fabric: String, CaseIterable, CustomTestStringConvertible, Sendable {
    /// ZeroMQ over loopback TCP (services in separate processes).
    case zeroMQ
    /// The in-process transport (services in one process).
    case inProcess

    var testDescription: String { rawValue }

    /// A transport with the bus's default request timeout (2 s, three resends), and a fresh address for each role.
    func make() throws -> (transport: any BusTransport, address: @Sendable (String) throws -> String) {
        switch self {
        case .zeroMQ:
            return (ZeroMQTransport(settings: ZeroMQTransport.Settings(heartbeatInterval: .milliseconds(100))), { _ in try ZMQEndpoints.freeLoopbackTCP() })
        case .inProcess:
            return (InProcessBus(), { "\($0).\(UInt64.random(in: 1...UInt64.max))" })
        }
    }
}

/// One behaviour, two transports: what a service sees does not depend on
/// whether its peers are in other processes or in this one.
@Suite("Transport seam")
struct TransportSeamTests {
    @Test(arguments: Fabric.allCases)
    func publishesTypedMessagesInOrderWithTheirStamps(fabric: Fabric) async throws {
        let (bus, address) = try fabric.make()
        let at = try address("pub")
        let publisher = try bus.publisher(service: service("gateway"), bind: at)
        let subscriber = try bus.subscriber(service: service("features"), connect: [at], topics: ["md.bar.", "md.probe"], bufferCapacity: 1024)
        try await handshake(publisher, subscriber, topic: "md.probe")
        for i in 0..<50 {
            try publisher.publish(Ping(i, "bar"), topic: "md.bar.1m.BTCUSDT", trace: "t-\(i)")
            try publisher.publish(Ping(i, "trade"), topic: "md.trade.BTCUSDT")  // not subscribed
        }
        let received = try await collect(subscriber, count: 50)
        #expect(received.map { try? $0.decode(Ping.self).n } == Array(0..<50))
        #expect(received.allSatisfy { $0.topic == "md.bar.1m.BTCUSDT" && $0.is(Ping.self) && !$0.is(Pong.self) })
        let first = try #require(received.first)
        #expect(first.metadata.source == "gateway" && first.metadata.id.instance == publisher.instance && first.metadata.trace == "t-0")
        // Numbered per topic: the bars count 1…50 whatever the trades in between.
        #expect(received.map { $0.metadata.topicSequence } == (1...50).map { $0 })
        #expect(throws: WireError.unexpectedMessageType(expected: Pong.wireType.id, actual: Ping.wireType.id)) { try first.decode(Pong.self) }
        #expect(subscriber.statistics.gaps == 0)
        await subscriber.close()
        publisher.close()
        #expect(throws: BusError.closed) { try publisher.publish(Ping(0), topic: "md.bar.x") }
    }

    @Test(arguments: Fabric.allCases)
    func answersRequestsWithTypedRepliesAndErrors(fabric: Fabric) async throws {
        let (bus, address) = try fabric.make()
        let at = try address("rep")
        var routes = RequestRouter()
        routes.on(Ping.self) { ping, message in
            guard ping.n >= 0 else { throw ErrorReply(code: "negative", message: "n < 0") }
            return Pong(n: ping.n * 2, by: message.metadata.trace ?? "")
        }
        let server = try bus.replier(service: service("risk"), bind: at, handler: routes.handler)
        let client = try bus.requester(service: service("features"), connect: at)
        #expect(try await client.request(Ping(21), expecting: Pong.self, trace: "tick") == Pong(n: 42, by: "tick"))
        let reply = try await client.request(Ping(1))
        #expect(reply.metadata.source == "risk")
        await #expect(throws: BusError.remote(ErrorReply(code: "negative", message: "n < 0"))) {
            try await client.request(Ping(-1), expecting: Pong.self)
        }
        await #expect {
            try await client.request(Pong(n: 1, by: "x"), expecting: Pong.self)
        } throws: { ($0 as? BusError).map { if case let .remote(reply) = $0 { reply.code == ErrorReply.Code.unsupportedType } else { false } } ?? false }
        await client.close()
        await server.close()
    }

    /// A request whose first attempt times out is sent again with the same
    /// id; the server runs the handler once and answers the repeat.
    @Test(arguments: Fabric.allCases)
    func aRetriedRequestIsHandledOnce(fabric: Fabric) async throws {
        let (bus, address) = try fabric.make()
        let at = try address("rep")
        let calls = Mutex(0)
        let server = try bus.replier(service: service("risk"), bind: at) { message in
            calls.withLock { $0 += 1 }
            try await Task.sleep(for: .milliseconds(450))  // longer than one attempt (200 ms)
            return Pong(n: try message.decode(Ping.self).n, by: "slow")
        }
        let client = try bus.requester(service: service("features"), connect: at)
        #expect(try await client.request(Ping(7), expecting: Pong.self, timeout: .milliseconds(200), retries: 20).n == 7)
        #expect(calls.withLock { $0 } == 1)
        await client.close()
        await server.close()
    }

    @Test(arguments: Fabric.allCases)
    func aRequestToNobodyTimesOutAfterEveryAttempt(fabric: Fabric) async throws {
        let (bus, address) = try fabric.make()
        let client = try bus.requester(service: service("features"), connect: try address("nobody"))
        await #expect(throws: BusError.timeout(attempts: 2, perAttempt: .milliseconds(100))) {
            try await client.request(Ping(1), expecting: Pong.self, timeout: .milliseconds(100), retries: 1)
        }
        await client.close()
    }

    @Test(arguments: Fabric.allCases)
    func jobsGoToWorkersAndEndInOneOutcomeEach(fabric: Fabric) async throws {
        let (bus, address) = try fabric.make()
        let at = try address("router")
        let dispatcher = try bus.dispatcher(service: service("features"), bind: at)
        let tally = Tally()
        func worker(_ name: String) throws -> any JobWorker {
            try bus.worker(service: service(name), connect: at, capacity: 4) { job in
                let ping = try job.decode(Ping.self)
                tally.start(Int(ping.n), worker: name)
                defer { tally.end(Int(ping.n)) }
                if ping.text == "fail" { throw TestTimeout(limit: .zero) }
                if ping.text == "hang" { try await Task.sleep(for: .seconds(60)) }
                try await Task.sleep(for: .milliseconds(20))
                return Pong(n: ping.n, by: name)
            }
        }
        let workers = [try worker("scorer-1"), try worker("scorer-2")]
        let outcomes = await withTaskGroup(of: (Int, JobOutcome).self) { group in
            for i in 0..<16 { group.addTask { (i, await dispatcher.submit(Ping(i), deadline: .seconds(10))) } }
            return await group.reduce(into: [Int: JobOutcome]()) { $0[$1.0] = $1.1 }
        }
        #expect((0..<16).allSatisfy { outcomes[$0]?.result(as: Pong.self)?.n == $0 })
        #expect(Set(outcomes.values.compactMap { $0.worker?.name }) == ["scorer-1", "scorer-2"])
        #expect(tally.maxConcurrent <= 8)
        let failed = await dispatcher.submit(Ping(100, "fail"), deadline: .seconds(10))
        guard case let .failed(.worker(by, _)) = failed else { Issue.record("expected a worker failure, got \(failed)"); return }
        #expect(by.name.hasPrefix("scorer-"))
        #expect(await dispatcher.submit(Ping(101, "hang"), deadline: .milliseconds(200)).isTimedOut)
        for w in workers { await w.close() }
        await dispatcher.close()
    }

    /// A worker that leaves gives its job back; another worker finishes it.
    @Test(arguments: Fabric.allCases)
    func aLeavingWorkersJobGoesToAnother(fabric: Fabric) async throws {
        let (bus, address) = try fabric.make()
        let at = try address("router")
        let dispatcher = try bus.dispatcher(service: service("features"), bind: at)
        let started = Mutex<[String]>([])
        let slow = try bus.worker(service: service("slow"), connect: at, capacity: 1) { job in
            started.withLock { $0.append("slow") }
            try await Task.sleep(for: .seconds(60))
            return Pong(n: 0, by: "slow")
        }
        let outcome = Task { await dispatcher.submit(Ping(5), deadline: .seconds(10)) }
        try await eventually { started.withLock { $0 == ["slow"] } }
        let quick = try bus.worker(service: service("quick"), connect: at, capacity: 1) { job in
            Pong(n: try job.decode(Ping.self).n, by: "quick")
        }
        await slow.close()
        let result = await outcome.value
        #expect(result.result(as: Pong.self) == Pong(n: 5, by: "quick"))
        await quick.close()
        await dispatcher.close()
    }
}
