import ArenaBus
import ArenaCore
import ArenaWire
import Foundation
import MarketData
import Synchronization

/// The replay benchmark's publishing runs: a Publisher on tcp loopback and one subscriber counting on its thread.
enum ReplayPublish {
    /// Trades per second through parse → bars → publish of every trade and bar, until the subscriber has all.
    static func rate(csv: [UInt8], rows: Int) async throws -> Double {
        try await withPubSub(capacity: rows * 2) { publisher, counter in
            let start = MonotonicClock.nanoseconds()
            let trades = try ReplayBench.parseAggregate(csv, publisher: publisher)
            guard trades == rows else { throw BenchError.failed("published \(trades) trades, expected \(rows)") }
            try await counter.wait(forAtLeast: rows)
            return Double(rows) / (Double(MonotonicClock.nanoseconds() - start) / 1e9)
        }
    }

    /// 1m bars per second through kline JSON parse → 3m…1d aggregation → publish of the closed bars.
    static func klineRate(_ json: [UInt8], bars count: Int) async throws -> Double {
        try await withPubSub(capacity: count) { publisher, counter in
            let start = MonotonicClock.nanoseconds()
            let sent = try publishAggregated(json, bars: count, publisher: publisher)
            try await counter.wait(forAtLeast: sent)
            return Double(count) / (Double(MonotonicClock.nanoseconds() - start) / 1e9)
        }
    }

    /// Parses the kline JSON, aggregates to 3m…1d and publishes each closed bar; returns how many were published.
    /// Synchronous, and typed errors are turned into text where they are thrown.
    private static func publishAggregated(_ json: [UInt8], bars count: Int, publisher: Publisher) throws -> Int {
        let minutes: [Bar]
        do {
            minutes = try KlineFile.bars(from: json, source: "bench", venue: ReplayBench.instrument.venue, symbol: ReplayBench.symbol, timeframe: .m1)
        } catch { throw BenchError.failed(error.description) }
        guard minutes.count == count else { throw BenchError.failed("parsed \(minutes.count) bars, expected \(count)") }
        var aggregators: [BarAggregator] = []
        for tf in [Timeframe.m3, .m5, .m15, .h1, .h4, .d1] {
            do { aggregators.append(try BarAggregator(venue: ReplayBench.instrument.venue, symbol: ReplayBench.symbol, timeframe: tf)) } catch {
                throw BenchError.failed(error.description)
            }
        }
        var sent = 0
        for bar in minutes {
            for i in aggregators.indices {
                let closed: [Bar]
                do { closed = try aggregators[i].add(bar) } catch { throw BenchError.failed(error.description) }
                for b in closed {
                    try publisher.publish(b, topic: "md.bar.\(b.timeframe.rawValue).BTCUSDT")
                    sent += 1
                }
            }
        }
        return sent
    }

    /// Runs `body` with a bound publisher and a connected, handshaken subscriber that counts `md.` messages.
    private static func withPubSub(
        capacity: Int, _ body: (Publisher, MessageCounter) async throws -> Double
    ) async throws -> Double {
        let hwm = capacity + 1000
        let sockets = SocketOptions(sendHighWaterMark: hwm, receiveHighWaterMark: hwm, linger: .zero)
        let counter = MessageCounter()
        let publisher = try Publisher(service: BusBench.service, bind: ["tcp://127.0.0.1:*"], options: .init(socket: sockets))
        let subscriber = try Subscriber(
            service: BusBench.service, connect: publisher.endpoints, topics: ["md.", "hs."],
            options: .init(socket: sockets, delivery: .handler { counter.handle($0) })
        )
        defer { publisher.close() }
        while counter.handshakes == 0 {
            try publisher.publish(WireSamples.trade, topic: "hs.replay")
            try await Task.sleep(for: .milliseconds(5))
        }
        let result = try await body(publisher, counter)
        await subscriber.close()
        return result
    }
}

/// Counts messages on the subscriber's thread; a waiter polls the count.
final class MessageCounter: Sendable {
    private let counts = Mutex<(data: Int, handshakes: Int)>((0, 0))

    var handshakes: Int { counts.withLock { $0.handshakes } }

    func handle(_ message: any BusMessage) {
        let handshake = message.topic.hasPrefix("hs.")
        counts.withLock { if handshake { $0.handshakes += 1 } else { $0.data += 1 } }
    }

    /// Returns once `count` data messages have arrived; fails after 60 s without progress.
    func wait(forAtLeast count: Int) async throws {
        var last = -1, idle = 0
        while true {
            let now = counts.withLock { $0.data }
            if now >= count { return }
            if now == last { idle += 1 } else { (last, idle) = (now, 0) }
            if idle > 60_000 { throw BenchError.failed("subscriber stalled at \(now) of \(count) messages") }
            try await Task.sleep(for: .milliseconds(1))
        }
    }
}
