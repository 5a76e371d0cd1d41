@testable import ArenaBus
import ArenaCore
import ArenaWire
import Testing

/// Subscriptions to topics of one message type, on both transports: values
/// with their topic and stamp, each publisher's stream told apart, other
/// types skipped and counted, losses reported as gaps.
@Suite("Typed subscription")
struct TypedSubscriptionTests {
    @Test(arguments: Fabric.allCases)
    func deliversValuesWithTheirTopicAndStamp(fabric: Fabric) async throws {
        let (bus, address) = try fabric.make()
        let (atGateway, atOMS) = (try address("gateway"), try address("oms"))
        let gateway = try bus.publisher(service: service("gateway"), bind: atGateway)
        let oms = try bus.publisher(service: service("oms"), bind: atOMS)
        let pings = try bus.subscriber(
            of: Ping.self, service: service("features"), connect: [atGateway, atOMS], topics: ["md.bar.", "probe"], bufferCapacity: 256
        )
        let reader = PingReader(pings)
        try await reader.handshake(gateway)
        try await reader.handshake(oms)
        for i in 0..<20 {
            try gateway.publish(Ping(i, "gateway"), topic: "md.bar.1m.BTCUSDT", trace: "g-\(i)")
            try oms.publish(Ping(100 + i, "oms"), topic: "md.bar.1m.ETHUSDT")
            try gateway.publish(Ping(-2), topic: "md.trade.BTCUSDT")  // not subscribed
        }
        let received = try await reader.take(40)
        let fromGateway = received.filter { $0.metadata.source == "gateway" }
        let fromOMS = received.filter { $0.metadata.source == "oms" }
        // Each publisher's order is kept; the two streams interleave freely.
        #expect(fromGateway.map(\.value.n) == Array(0..<20))
        #expect(fromOMS.map(\.value.n) == Array(100..<120))
        #expect(fromGateway.allSatisfy { $0.topic == "md.bar.1m.BTCUSDT" && $0.metadata.id.instance == gateway.instance })
        #expect(fromOMS.allSatisfy { $0.topic == "md.bar.1m.ETHUSDT" && $0.metadata.id.instance == oms.instance && $0.metadata.trace == nil })
        #expect(fromGateway.map(\.metadata.trace) == (0..<20).map { "g-\($0)" })
        #expect(fromGateway.map(\.metadata.topicSequence) == (1...20).map { $0 })
        #expect(pings.statistics.gaps == 0 && pings.statistics.malformed == 0)
        await pings.close()
        #expect(try await reader.take(1).isEmpty)
        gateway.close()
        oms.close()
    }

    @Test(arguments: Fabric.allCases)
    func skipsAndCountsMessagesOfAnotherType(fabric: Fabric) async throws {
        let (bus, address) = try fabric.make()
        let at = try address("pub")
        let publisher = try bus.publisher(service: service("oms"), bind: at)
        let pings = try bus.subscriber(of: Ping.self, service: service("features"), connect: [at], topics: ["acct.", "probe"], bufferCapacity: 64)
        let reader = PingReader(pings)
        try await reader.handshake(publisher)
        try publisher.publish(Pong(n: 1, by: "wrong type"), topic: "acct.X")
        try publisher.publish(Ping(2), topic: "acct.X")
        #expect(try await reader.take(1).map(\.value) == [Ping(2)])
        // The probes of the handshake were pings; the pong is the one skipped.
        let statistics = pings.statistics
        #expect(statistics.malformed == 1)
        #expect(statistics.received >= 2)
        await pings.close()
        publisher.close()
    }

    @Test func anOverflowingInProcessSubscriptionReportsTheLoss() async throws {
        let bus = InProcessBus()
        let publisher = try bus.publisher(service: service("gateway"), bind: "gateway.pub")
        let pings = try bus.subscriber(of: Ping.self, service: service("features"), connect: ["gateway.pub"], topics: ["md."], bufferCapacity: 4)
        for i in 1...6 { try publisher.publish(Ping(i), topic: "md.bar.1m.X") }  // 5 and 6 do not fit
        var iterator = pings.messages.makeAsyncIterator()
        for expected in 1...4 { #expect(await iterator.next()?.value.n == expected) }
        try publisher.publish(Ping(7), topic: "md.bar.1m.X")
        #expect(await iterator.next()?.value.n == 7)
        var gaps = pings.gaps.makeAsyncIterator()
        #expect(await gaps.next() == SequenceGap(source: "gateway", instance: publisher.instance, topic: "md.bar.1m.X", expected: 5, received: 7))
        #expect(pings.statistics == SubscriberStatistics(received: 5, gaps: 1, missed: 2))
        await pings.close()
    }
}

/// Reads a typed subscription of pings through one iterator (a new iterator
/// would lose what the last one had taken), skipping handshake probes.
private final class PingReader: @unchecked Sendable {
    private var iterator: TypedMessages<Ping>.AsyncIterator

    init(_ subscription: TypedSubscription<Ping>) { iterator = subscription.messages.makeAsyncIterator() }

    /// Up to `count` pings that are not probes; fewer if the stream ends.
    func take(_ count: Int) async throws -> [Delivered<Ping>] {
        try await withTimeout(.seconds(10)) { [self] in
            var taken: [Delivered<Ping>] = []
            while taken.count < count, let next = await iterator.next() {
                if next.value.n != -1 { taken.append(next) }
            }
            return taken
        }
    }

    /// Publishes probes until one of `publisher`'s arrives (a ZeroMQ
    /// subscription takes effect some time after connecting), so nothing
    /// published after is lost.
    func handshake(_ publisher: any MessagePublisher) async throws {
        let prober = Task {
            while !Task.isCancelled {
                try? publisher.publish(Ping(-1, "probe"), topic: "probe")
                try? await Task.sleep(for: .milliseconds(5))
            }
        }
        defer { prober.cancel() }
        let instance = publisher.instance
        try await withTimeout(.seconds(10)) { [self] in
            while let next = await iterator.next(), next.metadata.id.instance != instance {}
        }
    }
}
