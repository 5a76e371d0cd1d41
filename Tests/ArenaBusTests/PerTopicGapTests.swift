@testable import ArenaBus
import ArenaCore
import ArenaWire
import Testing

/// Sequence numbers run per (publisher, topic): a subscriber to a prefix
/// detects loss in exactly the topics it receives.
@Suite("Per-topic gaps")
struct PerTopicGapTests {
    /// Over ZeroMQ (tcp): bars and trades interleave as a gateway sends them;
    /// a subscriber to `md.bar.` sees no gap while trades flow, and one gap,
    /// naming the bar topic, when a bar is lost.
    @Test func aBarSubscriberSeesAGapOnlyWhenABarIsLost() async throws {
        let publisher = try Publisher(service: service("gateway"), bind: ["tcp://127.0.0.1:*"])
        let subscriber = try Subscriber(service: service("features"), connect: publisher.endpoints, topics: ["md.bar.", "md.probe"])
        try await handshake(publisher, subscriber, topic: "md.probe")
        let bar = "md.bar.1m.BTCUSDT"
        for minute in 0..<10 {
            for i in 0..<20 { try publisher.publish(Ping(i, "trade"), topic: "md.trade.BTCUSDT") }
            try publisher.publish(Ping(minute, "bar"), topic: bar)
        }
        #expect(try await collect(subscriber, count: 10).map { try? $0.decode(Ping.self).n } == Array(0..<10))
        #expect(subscriber.statistics.gaps == 0)
        // The 11th bar is lost on the way (its number spent, as a failed send spends it).
        publisher.skipSequenceNumbers(1, topic: bar)
        try publisher.publish(Ping(11, "bar"), topic: bar)
        _ = try await collect(subscriber, count: 1)
        let gap = try await withTimeout { () -> SequenceGap? in
            for await gap in subscriber.gaps { return gap }
            return nil
        }
        #expect(gap == SequenceGap(source: "gateway", instance: publisher.instance, topic: bar, expected: 11, received: 12))
        #expect(subscriber.statistics.gaps == 1 && subscriber.statistics.missed == 1)
        await subscriber.close()
        publisher.close()
    }

    /// In process, nothing is lost on the way; a subscriber whose buffer is
    /// full loses what does not fit, and the loss is reported in its topic
    /// when that topic delivers again, as a slow ZeroMQ subscriber would see it.
    @Test func anOverflowingInProcessSubscriberReportsTheLossInItsTopic() async throws {
        let bus = InProcessBus()
        let publisher = try bus.publisher(service: service("gateway"), bind: "gateway.pub")
        let subscriber = try bus.subscriber(service: service("features"), connect: ["gateway.pub"], topics: ["md."], bufferCapacity: 4)
        for i in 1...6 { try publisher.publish(Ping(i), topic: "md.bar.1m.X") }  // 5 and 6 do not fit
        var iterator = subscriber.messages.makeAsyncIterator()
        for _ in 1...4 { _ = await iterator.next() }
        try publisher.publish(Ping(7), topic: "md.trade.X")  // another topic: not a gap there
        try publisher.publish(Ping(8), topic: "md.bar.1m.X")
        #expect(try await iterator.next()?.decode(Ping.self).n == 7)
        #expect(try await iterator.next()?.decode(Ping.self).n == 8)
        var gaps = subscriber.gaps.makeAsyncIterator()
        let gap = await gaps.next()
        #expect(gap == SequenceGap(source: "gateway", instance: publisher.instance, topic: "md.bar.1m.X", expected: 5, received: 7))
        #expect(subscriber.statistics == SubscriberStatistics(received: 6, gaps: 1, missed: 2))
        await subscriber.close()
    }

    @Test func theTrackerKeepsTopicsApartAndKnowsRestarts() {
        var tracker = SequenceTracker()
        #expect(tracker.observe(source: "g", instance: 1, topic: "a", sequence: 1) == .first)
        #expect(tracker.observe(source: "g", instance: 1, topic: "b", sequence: 1) == .first)
        #expect(tracker.observe(source: "g", instance: 1, topic: "a", sequence: 2) == .inOrder)
        #expect(tracker.observe(source: "g", instance: 1, topic: "b", sequence: 3)
            == .gap(SequenceGap(source: "g", instance: 1, topic: "b", expected: 2, received: 3)))
        #expect(tracker.observe(source: "g", instance: 1, topic: "a", sequence: 2) == .stale(last: 2))
        #expect(tracker.observe(source: "g", instance: 2, topic: "a", sequence: 1) == .restart)
        #expect(tracker.observe(source: "g", instance: 2, topic: "b", sequence: 1) == .first)
        // A 1.0 publisher: one stream per instance, numbered across its topics.
        #expect(tracker.observe(source: "old", instance: 9, topic: nil, sequence: 1) == .first)
        #expect(tracker.observe(source: "old", instance: 9, topic: nil, sequence: 3)
            == .gap(SequenceGap(source: "old", instance: 9, expected: 2, received: 3)))
    }
}

@Suite struct ThreadNameTests {
    @Test func namesAreCutToWhatLinuxKeeps() {
        #expect(ThreadName.fitting("disp.features") == "disp.features")
        #expect(ThreadName.fitting("sub.features-engine") == "sub.features-en")
        #expect(ThreadName.fitting("sub.features-engine").utf8.count == 15)
        #expect(ThreadName.fitting("wrk.é-é-é-é-é-é") == "wrk.é-é-é-é")
        #expect(ThreadName.fitting("sub.abcdefghijkéz") == "sub.abcdefghijk")
    }
}
