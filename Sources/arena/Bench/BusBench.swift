import ArenaBus
import ArenaCore
import ArenaWire
import Foundation

/// Pub/sub throughput and dispatcher latency, each against raw libzmq in the same run.
enum BusBench {
    static let service = ServiceName(unchecked: "bench")

    /// Rounds of ours and of raw libzmq alternate; the best of each is
    /// reported, the round least disturbed by the shared machine.
    static func pubSub(quick: Bool) async throws -> [BenchResult] {
        let count = quick ? 100_000 : 2_000_000
        let rounds = quick ? 1 : 3
        let trade = CodecBench.sampleTrade()
        let topic = "md.trade.BTCUSDT"
        let frameSize = try Envelope.frame(trade, metadata: WireSamples.metadata).count
        var ours = 0.0, raw = 0.0
        for _ in 0..<rounds {
            ours = max(ours, try await pubSubRate(count: count, trade: trade, topic: topic))
            raw = max(raw, try RawZMQ.pubSubRate(count: count, topic: topic, payloadSize: frameSize, highWaterMark: count + 1000))
        }
        return [BenchResult(
            name: "PUB/SUB Trade, envelope + binary codec, tcp (\(frameSize) B frames)", value: ours, unit: "msg/s",
            baseline: "raw libzmq PUB/SUB, same frames", baselineValue: raw, ratio: ours / raw
        )]
    }

    /// Trades per second from a `Publisher` through a `Subscriber` to a consumer that decodes each one.
    private static func pubSubRate(count: Int, trade: Trade, topic: String) async throws -> Double {
        let hwm = count + 1000
        let sockets = SocketOptions(sendHighWaterMark: hwm, receiveHighWaterMark: hwm, linger: .zero)
        let publisher = try Publisher(service: service, bind: ["tcp://127.0.0.1:*"], options: .init(socket: sockets))
        let subscriber = try Subscriber(
            service: service, connect: publisher.endpoints, topics: ["md."],
            options: .init(socket: sockets, bufferCapacity: hwm)
        )
        // Handshake: publish until the subscriber has one, then drain.
        var iterator = subscriber.messages.makeAsyncIterator()
        let handshake = Task {
            while !Task.isCancelled {
                try publisher.publish(trade, topic: "md.handshake")
                try await Task.sleep(for: .milliseconds(5))
            }
        }
        _ = await iterator.next()
        handshake.cancel()
        _ = try? await handshake.value
        try await Task.sleep(for: .milliseconds(50))
        while subscriber.messages.bufferedCount > 0 { _ = await iterator.next() }

        let start = MonotonicClock.nanoseconds()
        let producer = Task.detached {
            for _ in 0..<count { try publisher.publish(trade, topic: topic) }
        }
        var received = 0, decoded = 0
        while received < count, let message = await iterator.next() {
            guard message.topic == topic else { continue }
            received += 1
            if (try? message.envelope.decode(Trade.self)) != nil { decoded += 1 }
        }
        let elapsed = Double(MonotonicClock.nanoseconds() - start) / 1e9
        try await producer.value
        guard decoded == received else { throw BenchError.failed("\(received - decoded) trades did not decode") }
        await subscriber.close()
        publisher.close()
        return Double(received) / elapsed
    }

    static func dispatcher(quick: Bool) async throws -> [BenchResult] {
        let count = quick ? 2_000 : 20_000
        let dispatcher = try Dispatcher(service: service, bind: ["tcp://127.0.0.1:*"])
        let worker = try Worker(service: ServiceName(unchecked: "bench-worker"), connect: dispatcher.endpoints) { envelope in
            try envelope.decode(Trade.self)
        }
        let trade = CodecBench.sampleTrade()
        // Wait for the worker to register.
        while case .timedOut = await dispatcher.submit(jobPayload: trade, deadline: .milliseconds(200)) {}
        var samples: [Double] = []
        samples.reserveCapacity(count)
        for i in 0..<(count + 100) {
            let t0 = MonotonicClock.nanoseconds()
            let outcome = await dispatcher.submit(jobPayload: trade, deadline: .seconds(5))
            guard outcome.result(as: Trade.self) != nil else { throw BenchError.failed("dispatcher job failed: \(outcome)") }
            if i >= 100 { samples.append(Double(MonotonicClock.nanoseconds() - t0) / 1000) }
        }
        await worker.close()
        await dispatcher.close()
        let frameSize = try Envelope.frame(trade, metadata: WireSamples.metadata).count
        let raw = try RawZMQ.reqRepLatencies(count: count, payloadSize: frameSize)
        let (p50, p99) = (BenchHarness.quantile(samples, 0.5), BenchHarness.quantile(samples, 0.99))
        let (r50, r99) = (BenchHarness.quantile(raw, 0.5), BenchHarness.quantile(raw, 0.99))
        return [
            BenchResult(
                name: "dispatcher round trip p50 (added \(String(format: "%.1f", p50 - r50)) µs)", value: p50, unit: "µs",
                baseline: "raw REQ/REP tcp p50", baselineValue: r50, ratio: p50 / r50
            ),
            BenchResult(
                name: "dispatcher round trip p99", value: p99, unit: "µs",
                baseline: "raw REQ/REP tcp p99", baselineValue: r99, ratio: p99 / r99
            ),
        ]
    }
}

/// A benchmark that could not produce its figure.
enum BenchError: Error, CustomStringConvertible {
    case failed(String)
    var description: String {
        switch self {
        case .failed(let why): why
        }
    }
}
