import ArenaBus
import ArenaCore
import ArenaWire
import Foundation

/// The in-process transport against ZeroMQ's `inproc://` transport with the
/// binary codec, in the same run: one publisher, one subscriber that takes
/// every `Trade` as a typed value, best of three rounds each; published one
/// at a time, and in batches.
enum TransportBench {
    static func run(quick: Bool) async throws -> [BenchResult] {
        try await [figure(quick: quick, batch: 1), figure(quick: quick, batch: batchSize)]
    }

    /// Messages per `publish(contentsOf:)` call in the batched figure (a replay publishes bursts).
    static let batchSize = 64

    /// One figure, published one at a time (`batch` 1) or in batches, on both transports.
    private static func figure(quick: Bool, batch: Int) async throws -> BenchResult {
        let rounds = quick ? 1 : 3
        let local = quick ? 200_000 : 5_000_000
        let zeroMQ = quick ? 100_000 : 1_000_000
        var inProcessRate = 0.0, zeroMQRate = 0.0
        for _ in 0..<rounds {
            inProcessRate = max(inProcessRate, try await rate(InProcessBus(), address: "bench.pub", count: local, batch: batch))
            zeroMQRate = max(zeroMQRate, try await rate(
                ZeroMQTransport(settings: settings(zeroMQ)), address: ZMQEndpoints.uniqueInproc("bench"), count: zeroMQ, batch: batch
            ))
        }
        let published = batch == 1 ? "" : ", published in batches of \(batch)"
        return BenchResult(
            name: "in-process transport, typed Trade, one publisher → one subscriber\(published)", value: inProcessRate, unit: "msg/s",
            baseline: "ZeroMQ inproc:// transport, binary codec, same messages", baselineValue: zeroMQRate, ratio: inProcessRate / zeroMQRate
        )
    }

    /// High-water marks that hold the whole run, so the baseline loses nothing either.
    private static func settings(_ count: Int) -> ZeroMQTransport.Settings {
        ZeroMQTransport.Settings(socket: SocketOptions(sendHighWaterMark: count + 1000, receiveHighWaterMark: count + 1000, linger: .zero))
    }

    /// Trades per second from `publish` to a consumer holding each as a `Trade`.
    static func rate(_ transport: any BusTransport, address: String, count: Int, batch: Int = 1) async throws -> Double {
        let service = ServiceName(unchecked: "bench")
        let trade = WireSamples.trade
        let topic = "md.trade.BTCUSDT"
        let publisher = try transport.publisher(service: service, bind: address)
        let subscriber = try transport.subscriber(
            of: Trade.self, service: service, connect: [address], topics: ["md."], bufferCapacity: count + 1000
        )
        var messages = subscriber.messages.makeAsyncIterator()
        // Handshake (ZeroMQ drops what is sent before the subscription arrives), then drain.
        let probe = Task {
            while !Task.isCancelled {
                try publisher.publish(trade, topic: "md.handshake")
                try await Task.sleep(for: .milliseconds(2))
            }
        }
        _ = await messages.next()
        probe.cancel()
        _ = try? await probe.value
        try await Task.sleep(for: .milliseconds(20))

        let start = MonotonicClock.nanoseconds()
        let burst = Array(repeating: trade, count: batch)
        let producer = Task.detached {
            if batch == 1 {
                for _ in 0..<count { try publisher.publish(trade, topic: topic) }
            } else {
                for _ in 0..<(count / batch) { try publisher.publish(contentsOf: burst, topic: topic) }
                try publisher.publish(contentsOf: Array(burst.prefix(count % batch)), topic: topic)
            }
        }
        var received = 0, typed = 0
        while received < count, let message = await messages.next() {
            guard message.topic == topic else { continue }
            received += 1
            if message.value.tradeID == trade.tradeID { typed += 1 }
        }
        let elapsed = Double(MonotonicClock.nanoseconds() - start) / 1e9
        try await producer.value
        await subscriber.close()
        publisher.close()
        guard typed == count, subscriber.statistics.gaps == 0 else {
            throw BenchError.failed("\(count - typed) of \(count) trades lost or not typed; \(subscriber.statistics.gaps) gaps")
        }
        return Double(count) / elapsed
    }
}
