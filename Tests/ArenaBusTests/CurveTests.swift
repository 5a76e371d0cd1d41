import ArenaBus
import ArenaCore
import ArenaWire
import Testing

/// CURVE runs over tcp only (inproc has no security handshake). Each test
/// uses its own context, so its ZAP handler and counters are its own.
@Suite("CurveZMQ")
struct CurveTests {
    let server: CurveKeyPair
    let client: CurveKeyPair
    let stranger: CurveKeyPair

    init() throws {
        server = try CurveKeyPair.generate()
        client = try CurveKeyPair.generate()
        stranger = try CurveKeyPair.generate()
    }

    var serverConfig: CurveServerConfig {
        CurveServerConfig(keyPair: server, authorizedClients: [client.publicKey: "reporter"])
    }

    @Test func listedSubscriberReceivesAndStrangerGetsNothing() async throws {
        let context = try ZMQContext()
        defer { context.shutdown() }
        let publisher = try Publisher(
            service: service("gateway"), bind: ["tcp://127.0.0.1:*"],
            options: .init(curve: serverConfig, monitor: true), context: context
        )
        let listed = try Subscriber(
            service: service("reporter"), connect: publisher.endpoints, topics: [""],
            options: .init(curve: CurveClientConfig(serverKey: server.publicKey, keyPair: client)), context: context
        )
        let unlisted = try Subscriber(
            service: service("intruder"), connect: publisher.endpoints, topics: [""],
            options: .init(curve: CurveClientConfig(serverKey: server.publicKey, keyPair: stranger)), context: context
        )
        try await handshake(publisher, listed, topic: "md.probe")
        try await eventually { context.authenticationStatistics?.denied ?? 0 >= 1 }
        try await eventually { publisher.monitor?.count(.handshakeFailedAuth) ?? 0 >= 1 }
        for i in 0..<20 { try publisher.publish(Ping(i), topic: "md.x") }
        let got = try await collect(listed, count: 20)
        #expect(got.count == 20)
        #expect(unlisted.statistics.received == 0)
        #expect(context.authenticationStatistics?.allowed ?? 0 >= 1)
        await listed.close()
        await unlisted.close()
        publisher.close()
    }

    @Test func wrongServerKeyFailsTheHandshake() async throws {
        let context = try ZMQContext()
        defer { context.shutdown() }
        let publisher = try Publisher(
            service: service("gateway"), bind: ["tcp://127.0.0.1:*"],
            options: .init(curve: serverConfig, monitor: true), context: context
        )
        // The client trusts another server key: it cannot open the server's
        // reply, and the server cannot read its hello.
        let fooled = try Subscriber(
            service: service("reporter"), connect: publisher.endpoints, topics: [""],
            options: .init(curve: CurveClientConfig(serverKey: stranger.publicKey, keyPair: client), monitor: true),
            context: context
        )
        // The server cannot decrypt the hello (a protocol failure); the client
        // sees the connection dropped mid-handshake.
        try await eventually {
            (publisher.monitor?.count(.handshakeFailedProtocol) ?? 0) >= 1
                && (fooled.monitor?.count(.handshakeFailedNoDetail) ?? 0) >= 1
        }
        for i in 0..<10 { try publisher.publish(Ping(i), topic: "md.x") }
        try await Task.sleep(for: .milliseconds(200))
        #expect(fooled.statistics.received == 0)
        #expect(publisher.monitor?.count(.handshakeSucceeded) == 0)
        await fooled.close()
        publisher.close()
    }

    @Test func requestReplyOverCurve() async throws {
        let context = try ZMQContext()
        defer { context.shutdown() }
        let replier = try Replier(
            service: service("risk"), bind: ["tcp://127.0.0.1:*"], options: .init(curve: serverConfig), context: context
        ) { envelope in Pong(n: try envelope.decode(Ping.self).n, by: "risk") }
        let requester = try Requester(
            service: service("features"), connect: replier.endpoints,
            options: .init(curve: CurveClientConfig(serverKey: server.publicKey, keyPair: client)), context: context
        )
        let reply = try await withTimeout { try await requester.request(Ping(11), expecting: Pong.self) }
        #expect(reply.n == 11)
        let intruder = try Requester(
            service: service("intruder"), connect: replier.endpoints,
            options: .init(curve: CurveClientConfig(serverKey: server.publicKey, keyPair: stranger), timeout: .milliseconds(200), retries: 1),
            context: context
        )
        await #expect(throws: BusError.timeout(attempts: 2, perAttempt: .milliseconds(200))) {
            try await withTimeout { try await intruder.request(Ping(12), expecting: Pong.self) }
        }
        #expect(context.authenticationStatistics?.denied ?? 0 >= 1)
        await requester.close()
        await intruder.close()
        await replier.close()
    }

    @Test func workersAuthenticateToTheDispatcher() async throws {
        let context = try ZMQContext()
        defer { context.shutdown() }
        var options = quickDispatch
        options.curve = serverConfig
        let dispatcher = try Dispatcher(service: service("features"), bind: ["tcp://127.0.0.1:*"], options: options, context: context)
        var workerOptions = quickWorker()
        workerOptions.curve = CurveClientConfig(serverKey: server.publicKey, keyPair: client)
        let worker = try Worker(service: service("scorer"), connect: dispatcher.endpoints, options: workerOptions, context: context) { envelope in
            Pong(n: try envelope.decode(Ping.self).n, by: "scorer")
        }
        workerOptions.curve = CurveClientConfig(serverKey: server.publicKey, keyPair: stranger)
        let intruder = try Worker(service: service("intruder"), connect: dispatcher.endpoints, options: workerOptions, context: context) { _ in
            Pong(n: -1, by: "intruder")
        }
        try await eventually { dispatcher.statistics.liveWorkers == 1 && (context.authenticationStatistics?.denied ?? 0) >= 1 }
        let outcomes = try await withTimeout {
            await withTaskGroup(of: JobOutcome.self) { group in
                for i in 0..<20 { group.addTask { await dispatcher.submit(Ping(i), deadline: .seconds(10)) } }
                return await group.reduce(into: [JobOutcome]()) { $0.append($1) }
            }
        }
        #expect(outcomes.allSatisfy { $0.worker?.name == "scorer" })
        #expect(intruder.statistics.jobs == 0)
        await worker.close()
        await intruder.close()
        await dispatcher.close()
    }
}
