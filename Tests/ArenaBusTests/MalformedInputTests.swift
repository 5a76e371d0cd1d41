import ArenaBus
import ArenaCore
import ArenaWire
import Synchronization
import Testing

/// Peers that send garbage: every component counts and skips it, and keeps working.
@Suite("Malformed input")
struct MalformedInputTests {
    @Test(arguments: Transport.allCases)
    func subscriberCountsAndSkipsMalformedFrames(transport: Transport) async throws {
        // A raw PUB socket stands in for a broken or hostile publisher.
        // Shared with the probing task, so guarded by a Mutex as libzmq requires.
        let raw = Mutex(try ZMQSocket(.pub))
        let endpoint = try raw.withLock { try $0.bind(transport.bindEndpoint("raw-pub")) }
        let send: @Sendable ([[UInt8]]) throws -> Void = { frames in try raw.withLock { _ = try $0.send(frames) } }
        let subscriber = try Subscriber(service: service("reporter"), connect: [endpoint], topics: [""])
        let good = try Envelope(
            Ping(1), metadata: EnvelopeMetadata(id: MessageID(instance: 9, sequence: 1), source: "raw", sentAt: Timestamp(nanoseconds: 0))
        ).serialized()
        // Handshake: resend a good message until the subscription is live.
        try await withTimeout {
            var iterator = subscriber.messages.makeAsyncIterator()
            let prober = Task {
                while !Task.isCancelled {
                    try? send([Array("t".utf8), good])
                    try? await Task.sleep(for: .milliseconds(5))
                }
            }
            _ = await iterator.next()
            prober.cancel()
            _ = await prober.value
        }
        let before = subscriber.statistics.malformed
        try send([Array("t".utf8)])                                   // no envelope frame
        try send([Array("t".utf8), [0x41, 0x41, 1]])                  // truncated envelope
        try send([Array("t".utf8), Array("not an envelope".utf8)])    // bad magic
        try send([[0xFF, 0xFE], good])                                // topic not UTF-8
        try send([Array("t".utf8), good, good])                       // extra frame
        try send([Array("end".utf8), try Envelope(
            Ping(2), metadata: EnvelopeMetadata(id: MessageID(instance: 9, sequence: 1_000_000), source: "raw", sentAt: Timestamp(nanoseconds: 0))
        ).serialized()])
        let survivor = try await withTimeout { () -> (any BusMessage)? in
            for await message in subscriber.messages where message.topic == "end" { return message }
            return nil
        }
        #expect(try survivor?.decode(Ping.self).n == 2)
        #expect(subscriber.statistics.malformed - before == 5)
        raw.withLock { $0.close() }
        await subscriber.close()
    }

    @Test(arguments: Transport.allCases)
    func replierAnswersGarbageWithAnErrorAndKeepsServing(transport: Transport) async throws {
        let replier = try echoReplier(transport.bindEndpoint("garbage"))
        let endpoint = replier.endpoints[0]
        // Raw sockets block, so they run on a thread of their own.
        let reply = try await onThread { () throws -> ErrorReply in
            let raw = try ZMQSocket(.req)
            try raw.set(.receiveTimeout, .seconds(10))
            try raw.connect(endpoint)
            try raw.send(Array("garbage".utf8))
            guard let frames = try raw.receive() else { throw TestTimeout(limit: .seconds(10)) }
            // A DEALER without the REQ delimiter is not a request at all: dropped.
            let dealer = try ZMQSocket(.dealer)
            try dealer.connect(endpoint)
            try dealer.send([Array("x".utf8), Array("y".utf8)])
            return try Envelope(parsing: frames[0]).decode(ErrorReply.self)
        }
        #expect(reply.code == ErrorReply.Code.malformedRequest)
        try await eventually { replier.statistics.malformed == 2 }
        let requester = try Requester(service: service("features"), connect: replier.endpoints)
        let pong = try await withTimeout { try await requester.request(Ping(3), expecting: Pong.self) }
        #expect(pong.n == 3)
        await requester.close()
        await replier.close()
    }
}
