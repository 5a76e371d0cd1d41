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


    /// A batch arrives as if published one by one: in order, numbered on
    /// from the messages before it, to typed and untyped subscribers alike.
    @Test(arguments: Fabric.allCases)
    func aBatchIsNumberedAndDeliveredInOrder(fabric: Fabric) async throws {
        let (bus, address) = try fabric.make()
        let at = try address("pub")
        let publisher = try bus.publisher(service: service("gateway"), bind: at)
        let typed = try bus.subscriber(of: Ping.self, service: service("features"), connect: [at], topics: ["md.", "probe"], bufferCapacity: 64)
        let untyped = try bus.subscriber(service: service("reporter"), connect: [at], topics: ["md.", "probe"], bufferCapacity: 64)
        let reader = PingReader(typed)
        try await reader.handshake(publisher)
        try await handshake(publisher, untyped, topic: "probe")
        try publisher.publish(Ping(0), topic: "md.trade.X", trace: "single")
        try publisher.publish(contentsOf: (1...10).map { Ping($0) }, topic: "md.trade.X", trace: "burst")
        let values = try await reader.take(11)
        #expect(values.map(\.value.n) == Array(0...10))
        #expect(values.map(\.metadata.topicSequence) == (1...11).map { $0 })
        let ids = values.map(\.metadata.id.sequence)
        #expect(zip(ids, ids.dropFirst()).allSatisfy { $1 == $0 + 1 })
        #expect(values.dropFirst().allSatisfy { $0.metadata.trace == "burst" && $0.topic == "md.trade.X" })
        let messages = try await collect(untyped, count: 11)
        #expect(messages.map { try? $0.decode(Ping.self).n } == Array(0...10))
        #expect(messages.map(\.metadata.topicSequence) == (1...11).map { $0 })
        await typed.close()
        await untyped.close()
        publisher.close()
    }

    /// A lane that fills loses what does not fit (one by one or the back of a
    /// batch) and reports it as a gap when its stream delivers again.
    @Test(arguments: [false, true])
    func anOverflowingLaneReportsTheLoss(batched: Bool) async throws {
        let bus = InProcessBus()
        let publisher = try bus.publisher(service: service("gateway"), bind: "gateway.pub")
        let pings = try bus.subscriber(of: Ping.self, service: service("features"), connect: ["gateway.pub"], topics: ["md."], bufferCapacity: 4)
        func publish(_ numbers: ClosedRange<Int>) throws {
            if batched {
                try publisher.publish(contentsOf: numbers.map { Ping($0) }, topic: "md.bar.1m.X")
            } else {
                for n in numbers { try publisher.publish(Ping(n), topic: "md.bar.1m.X") }
            }
        }
        try publish(1...6)  // 5 and 6 do not fit
        let reader = PingReader(pings)
        #expect(try await reader.take(4).map(\.value.n) == [1, 2, 3, 4])
        try publish(7...8)
        #expect(try await reader.take(2).map(\.value.n) == [7, 8])
        var gaps = pings.gaps.makeAsyncIterator()
        #expect(await gaps.next() == SequenceGap(source: "gateway", instance: publisher.instance, topic: "md.bar.1m.X", expected: 5, received: 7))
        #expect(pings.statistics == SubscriberStatistics(received: 6, gaps: 1, missed: 2))
        await pings.close()
    }

    /// Publishers on their own threads write their own lanes while the
    /// reader takes: every message arrives once, each publisher's in order,
    /// across many segments and many suspensions of the reader.
    @Test func concurrentPublishersKeepTheirOrderThroughTheirLanes() async throws {
        let bus = InProcessBus()
        let (publishers, perPublisher) = (4, 20_000)
        let senders = try (0..<publishers).map { try bus.publisher(service: service("p\($0)"), bind: "p\($0).pub") }
        let pings = try bus.subscriber(
            of: Ping.self, service: service("reader"), connect: (0..<publishers).map { "p\($0).pub" }, topics: ["md."],
            bufferCapacity: perPublisher
        )
        let threads = senders.enumerated().map { index, publisher in
            Task.detached {
                for n in 0..<perPublisher {
                    try publisher.publish(Ping(n, "p\(index)"), topic: "md.trade.\(index)")
                    if n % 1000 == 0 { await Task.yield() }  // let the reader catch up and sleep now and then
                }
            }
        }
        var next = [String: Int]()
        var outOfOrder = 0
        let reader = PingReader(pings)
        let received = try await reader.take(publishers * perPublisher)
        for message in received {
            if message.value.n != next[message.value.text, default: 0] { outOfOrder += 1 }
            next[message.value.text] = message.value.n + 1
        }
        for thread in threads { try await thread.value }
        #expect(received.count == publishers * perPublisher)
        #expect(outOfOrder == 0)
        #expect(next == Dictionary(uniqueKeysWithValues: (0..<publishers).map { ("p\($0)", perPublisher) }))
        #expect(pings.statistics == SubscriberStatistics(received: publishers * perPublisher))
        await pings.close()
    }

    /// A lane deeper than one segment fills, loses what exceeds its capacity
    /// (reported as one gap when the stream delivers again), and drains in order.
    @Test func aFullLaneLosesTheRestAndReportsItAcrossSegments() async throws {
        let bus = InProcessBus()
        let publisher = try bus.publisher(service: service("gateway"), bind: "gateway.pub")
        let pings = try bus.subscriber(of: Ping.self, service: service("features"), connect: ["gateway.pub"], topics: ["md."], bufferCapacity: 3000)
        for n in 1...3500 { try publisher.publish(Ping(n), topic: "md.bar.1m.X") }  // 3001…3500 do not fit
        let reader = PingReader(pings)
        #expect(try await reader.take(3000).map(\.value.n) == Array(1...3000))
        try publisher.publish(Ping(3501), topic: "md.bar.1m.X")
        #expect(try await reader.take(1).map(\.value.n) == [3501])
        var gaps = pings.gaps.makeAsyncIterator()
        #expect(await gaps.next() == SequenceGap(source: "gateway", instance: publisher.instance, topic: "md.bar.1m.X", expected: 3001, received: 3501))
        #expect(pings.statistics == SubscriberStatistics(received: 3001, gaps: 1, missed: 500))
        // Closed with messages still in the lane: they are destroyed with it.
        try publisher.publish(Ping(3502, String(repeating: "x", count: 100)), topic: "md.bar.1m.X")
        await pings.close()
    }

    @Test func aWaitingReaderEndsWhenCancelled() async throws {
        let bus = InProcessBus()
        let pings = try bus.subscriber(of: Ping.self, service: service("features"), connect: ["quiet.pub"], topics: [""], bufferCapacity: 8)
        let waiting = Task { () -> Int in
            var iterator = pings.messages.makeAsyncIterator()
            return await iterator.next() == nil ? 0 : 1
        }
        try await Task.sleep(for: .milliseconds(50))
        waiting.cancel()
        #expect(try await withTimeout(.seconds(10)) { await waiting.value } == 0)
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
