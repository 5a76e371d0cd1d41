import ArenaBus
import ArenaCore
import ArenaWire
import Synchronization
import Testing

/// A replier that answers `Ping(n)` with `Pong(n)`.
func echoReplier(_ endpoint: String, calls: Tally? = nil) throws -> Replier {
    try Replier(service: service("risk"), bind: [endpoint]) { envelope in
        let ping = try envelope.decode(Ping.self)
        calls?.start(ping.n, worker: "risk")
        defer { calls?.end(ping.n) }
        return Pong(n: ping.n, by: "risk")
    }
}

@Suite("Requester and replier")
struct ReqRepTests {
    @Test(arguments: Transport.allCases)
    func roundTripCarriesCorrelationAndTrace(transport: Transport) async throws {
        let replier = try Replier(service: service("risk"), bind: [transport.bindEndpoint("rep")]) { envelope in
            let ping = try envelope.decode(Ping.self)
            return Pong(n: ping.n * 2, by: envelope.metadata.trace ?? "")
        }
        let requester = try Requester(service: service("features"), connect: replier.endpoints)
        try await withTimeout {
            for i in 1...20 {
                let reply = try await requester.request(Ping(i), expecting: Pong.self, trace: "tick-\(i)")
                #expect(reply == Pong(n: i * 2, by: "tick-\(i)"))
            }
            let envelope = try await requester.request(Ping(7))
            #expect(envelope.metadata.source == "risk")
            #expect(envelope.metadata.correlation != nil)
        }
        #expect(requester.statistics.replies == 21)
        #expect(replier.statistics.requests == 21)
        await requester.close()
        await replier.close()
    }

    @Test(arguments: Transport.allCases)
    func lazyPirateRetrySucceedsWhenReplierStartsLate(transport: Transport) async throws {
        let endpoint = try transport.reservedEndpoint("late")
        let requester = try Requester(
            service: service("features"), connect: [endpoint],
            options: .init(timeout: .milliseconds(200), retries: 20)
        )
        let call = Task { try await requester.request(Ping(42), expecting: Pong.self) }
        // Start the replier only after at least one attempt has timed out.
        try await eventually { requester.statistics.retries >= 1 }
        let replier = try echoReplier(endpoint)
        let reply = try await withTimeout { try await call.value }
        #expect(reply.n == 42)
        #expect(requester.statistics.retries >= 1)
        #expect(requester.statistics.timeouts == 0)
        await requester.close()
        await replier.close()
    }

    @Test(arguments: Transport.allCases)
    func timesOutWithTypedErrorAfterRetries(transport: Transport) async throws {
        let requester = try Requester(
            service: service("features"), connect: [try transport.reservedEndpoint("nobody")],
            options: .init(timeout: .milliseconds(100), retries: 2)
        )
        let error = await #expect(throws: BusError.self) {
            try await withTimeout { try await requester.request(Ping(1), expecting: Pong.self) }
        }
        #expect(error == .timeout(attempts: 3, perAttempt: .milliseconds(100)))
        #expect(requester.statistics.retries == 2)
        #expect(requester.statistics.timeouts == 1)
        await requester.close()
    }

    @Test(arguments: Transport.allCases)
    func handlerErrorsBecomeErrorReplies(transport: Transport) async throws {
        var router = RequestRouter()
        router.on(Ping.self) { ping, _ in
            if ping.n < 0 { throw ErrorReply(code: "negative", message: "n must be positive", retryable: false) }
            if ping.n == 0 { throw BusError.invalidConfiguration("zero") }
            return Pong(n: ping.n, by: "router")
        }
        let replier = try Replier(service: service("risk"), bind: [transport.bindEndpoint("err")], handler: router.handler)
        let requester = try Requester(service: service("features"), connect: replier.endpoints)
        try await withTimeout { () async throws in
            #expect(try await requester.request(Ping(3), expecting: Pong.self).n == 3)
            let refused = await #expect(throws: BusError.self) { try await requester.request(Ping(-1), expecting: Pong.self) }
            #expect(refused == .remote(ErrorReply(code: "negative", message: "n must be positive")))
            let failed = await #expect(throws: BusError.self) { try await requester.request(Ping(0), expecting: Pong.self) }
            guard case let .remote(reply)? = failed else { Issue.record("expected a remote error"); return }
            #expect(reply.code == ErrorReply.Code.handlerFailed)
            let unsupported = await #expect(throws: BusError.self) {
                try await requester.request(Pong(n: 1, by: "x"), expecting: Pong.self)
            }
            guard case let .remote(reply2)? = unsupported else { Issue.record("expected a remote error"); return }
            #expect(reply2.code == ErrorReply.Code.unsupportedType)
        }
        #expect(requester.statistics.errorReplies == 3)
        #expect(replier.statistics.errorReplies == 3)
        await requester.close()
        await replier.close()
    }

    @Test(arguments: Transport.allCases)
    func resentRequestRunsTheHandlerOnce(transport: Transport) async throws {
        let calls = Mutex(0)
        let replier = try Replier(service: service("oms"), bind: [transport.bindEndpoint("idem")]) { envelope in
            let n = calls.withLock { c -> Int in
                c += 1
                return c
            }
            // The first attempt outlives the requester's timeout, so it resends.
            if n == 1 { try await Task.sleep(for: .milliseconds(500)) }
            return Pong(n: try envelope.decode(Ping.self).n, by: "oms")
        }
        let requester = try Requester(
            // Many short attempts: the resends must happen, and a loaded machine may need several
            // before the first handler run ends and the replay cache can answer.
            service: service("risk"), connect: replier.endpoints, options: .init(timeout: .milliseconds(150), retries: 100)
        )
        let reply = try await withTimeout { try await requester.request(Ping(5), expecting: Pong.self) }
        #expect(reply.n == 5)
        #expect(requester.statistics.retries >= 1)
        #expect(calls.withLock { $0 } == 1)
        #expect(replier.statistics.replayed >= 1)
        await requester.close()
        await replier.close()
    }

    @Test func cancellingTheCallerFailsTheCall() async throws {
        let requester = try Requester(
            service: service("features"), connect: [ZMQEndpoints.uniqueInproc("void")],
            options: .init(timeout: .seconds(30), retries: 0)
        )
        let call = Task { try await requester.request(Ping(1), expecting: Pong.self) }
        try await Task.sleep(for: .milliseconds(50))
        call.cancel()
        let result = try await withTimeout { await call.result }
        #expect(throws: BusError.cancelled) { try result.get() }
        // The requester still works after the reset that cancellation caused.
        #expect(requester.statistics.requests == 1)
        await requester.close()
    }

    @Test func closedRequesterRefusesCalls() async throws {
        let requester = try Requester(service: service("features"), connect: [ZMQEndpoints.uniqueInproc("closed")])
        await requester.close()
        await #expect(throws: BusError.closed) { try await requester.request(Ping(1), expecting: Pong.self) }
    }
}
