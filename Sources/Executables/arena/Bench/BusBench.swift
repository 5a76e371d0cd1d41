import ArenaBus
import ArenaCore
import ArenaWire
import Foundation
import Synchronization

/// Pub/sub throughput and dispatcher latency, each against raw libzmq in the same run.
enum BusBench {
    static let service = ServiceName(unchecked: "bench")

    /// Rounds of ours (stream and handler delivery) and of raw libzmq
    /// alternate; the best of each is reported, the round least disturbed by
    /// the shared machine.
    static func pubSub(quick: Bool) async throws -> [BenchResult] {
        let count = quick ? 100_000 : 2_000_000
        let rounds = quick ? 1 : 3
        let trade = WireSamples.trade
        let topic = "md.trade.BTCUSDT"
        let frameSize = try Envelope.frame(trade, metadata: WireSamples.metadata).count
        var stream = 0.0, handler = 0.0, raw = 0.0
        for _ in 0..<rounds {
            stream = max(stream, try await pubSubRate(count: count))
            handler = max(handler, try await pubSubHandlerRate(count: count, trade: trade, topic: topic))
            raw = max(raw, try RawZMQ.pubSubRate(count: count, topic: topic, payloadSize: frameSize, highWaterMark: count + 1000))
        }
        let baseline = "raw libzmq PUB/SUB, same frames"
        return [
            BenchResult(
                name: "PUB/SUB Trade, envelope + codec, tcp, handler delivery (\(frameSize) B frames)", value: handler,
                unit: "msg/s", baseline: baseline, baselineValue: raw, ratio: handler / raw
            ),
            BenchResult(
                name: "PUB/SUB Trade, envelope + codec, tcp, async stream delivery", value: stream,
                unit: "msg/s", baseline: baseline, baselineValue: raw, ratio: stream / raw
            ),
        ]
    }

    /// Trades per second delivered to a handler on the subscriber's thread, which decodes each one.
    private static func pubSubHandlerRate(count: Int, trade: Trade, topic: String) async throws -> Double {
        let hwm = count + 1000
        let sockets = SocketOptions(sendHighWaterMark: hwm, receiveHighWaterMark: hwm, linger: .zero)
        let tally = HandlerTally(expected: count, topic: topic)
        let publisher = try Publisher(service: service, bind: ["tcp://127.0.0.1:*"], options: .init(socket: sockets))
        let subscriber = try Subscriber(
            service: service, connect: publisher.endpoints, topics: ["md."],
            options: .init(socket: sockets, delivery: .handler { tally.handle($0) })
        )
        while subscriber.statistics.received == 0 {
            try publisher.publish(trade, topic: "md.handshake")
            try await Task.sleep(for: .milliseconds(5))
        }
        try await Task.sleep(for: .milliseconds(50))
        let start = MonotonicClock.nanoseconds()
        let producer = Task.detached {
            for _ in 0..<count { try publisher.publish(trade, topic: topic) }
        }
        let end = await tally.finished()
        try await producer.value
        await subscriber.close()
        publisher.close()
        guard tally.failures == 0 else { throw BenchError.failed("\(tally.failures) trades did not decode") }
        return Double(count) / (Double(end - start) / 1e9)
    }

    /// Trades per second from a `Publisher` through a `Subscriber` (tcp loopback) to a consumer that decodes each one.
    private static func pubSubRate(count: Int) async throws -> Double {
        let hwm = count + 1000
        let settings = ZeroMQTransport.Settings(socket: SocketOptions(sendHighWaterMark: hwm, receiveHighWaterMark: hwm, linger: .zero))
        return try await TransportBench.rate(ZeroMQTransport(settings: settings), address: try ZMQEndpoints.freeLoopbackTCP(), count: count)
    }

    static func dispatcher(quick: Bool) async throws -> [BenchResult] {
        let count = quick ? 2_000 : 20_000
        let dispatcher = try Dispatcher(service: service, bind: ["tcp://127.0.0.1:*"])
        let worker = try Worker(service: ServiceName(unchecked: "bench-worker"), connect: dispatcher.endpoints) { envelope in
            try envelope.decode(Trade.self)
        }
        let trade = WireSamples.trade
        // Wait for the worker to register.
        while case .timedOut = await dispatcher.submit(trade, deadline: .milliseconds(200)) {}
        var samples: [Double] = []
        samples.reserveCapacity(count)
        for i in 0..<(count + 100) {
            let t0 = MonotonicClock.nanoseconds()
            let outcome = await dispatcher.submit(trade, deadline: .seconds(5))
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

/// Counts decoded trades on the subscriber's thread and signals the last one.
final class HandlerTally: Sendable {
    private let expected: Int
    private let topic: String
    private let state = Mutex<(decoded: Int, failures: Int, end: UInt64?, waiter: CheckedContinuation<UInt64, Never>?)>((0, 0, nil, nil))

    init(expected: Int, topic: String) {
        self.expected = expected
        self.topic = topic
    }

    var failures: Int { state.withLock { $0.failures } }

    func handle(_ message: any BusMessage) {
        guard message.topic == topic else { return }
        let ok = (try? message.decode(Trade.self)) != nil
        let resume: (CheckedContinuation<UInt64, Never>, UInt64)? = state.withLock { s in
            if ok { s.decoded += 1 } else { s.failures += 1 }
            guard s.decoded + s.failures == expected, s.end == nil else { return nil }
            let now = MonotonicClock.nanoseconds()
            s.end = now
            defer { s.waiter = nil }
            return s.waiter.map { ($0, now) }
        }
        if let (waiter, now) = resume { waiter.resume(returning: now) }
    }

    /// Waits for the last expected message; returns when it was handled.
    func finished() async -> UInt64 {
        await withCheckedContinuation { c in
            let done: UInt64? = state.withLock { s in
                if let end = s.end { return end }
                s.waiter = c
                return nil
            }
            if let done { c.resume(returning: done) }
        }
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
