import ArenaBus
import ArenaCore
import ArenaWire
import Foundation
import Synchronization
import Testing

/// Runs a blocking body on its own thread (never on the cooperative pool).
func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

/// The median of nanosecond samples, in microseconds.
func medianMicroseconds(_ samples: [UInt64]) -> Double {
    Double(samples.sorted()[samples.count / 2]) / 1000
}

/// Round-trip latency of the dispatcher against a raw REQ/REP round trip
/// over loopback tcp, with the same envelope. Prints both medians; the
/// assertion is a loose sanity bound because the suite runs in parallel on
/// a small machine (the benchmark target of ≤ 30 µs added is measured by
/// the bench command on a quiet machine).
@Suite("Latency", .serialized)
struct LatencyTests {
    static let rounds = 2000
    static let warmup = 200

    @Test func dispatcherOverheadOverRawRequestReply() async throws {
        let frame = try Envelope(
            Ping(1, String(repeating: "x", count: 64)),
            metadata: EnvelopeMetadata(id: MessageID(instance: 1, sequence: 1), source: "bench", sentAt: Timestamp(nanoseconds: 0))
        ).serialized()
        let total = Self.rounds + Self.warmup

        // Raw REQ/REP, both ends on their own threads.
        let endpoint = try ZMQEndpoints.freeLoopbackTCP()
        let echo = Task {
            try await onThread {
                let rep = try ZMQSocket(.rep)
                try rep.set(.receiveTimeout, .seconds(10))
                try rep.bind(endpoint)
                for _ in 0..<total {
                    guard let request = try rep.receive() else { return }
                    try rep.send(request)
                }
            }
        }
        let raw = try await onThread { () throws -> [UInt64] in
            let req = try ZMQSocket(.req)
            try req.set(.receiveTimeout, .seconds(10))
            try req.connect(endpoint)
            var samples: [UInt64] = []
            for i in 0..<total {
                let start = MonotonicClock.nanoseconds()
                try req.send(frame)
                guard try req.receive() != nil else { break }
                if i >= Self.warmup { samples.append(MonotonicClock.nanoseconds() - start) }
            }
            return samples
        }
        try await echo.value
        try #require(raw.count == Self.rounds)

        // The dispatcher with one worker that answers at once.
        let dispatcher = try Dispatcher(service: service("bench"), bind: ["tcp://127.0.0.1:*"])
        let worker = try Worker(service: service("bench-worker"), connect: dispatcher.endpoints) { envelope in
            try envelope.decode(Ping.self)
        }
        try await eventually { dispatcher.statistics.liveWorkers == 1 }
        let job = try Envelope(parsing: frame)
        let dispatched = try await withTimeout(.seconds(60)) { () async throws -> [UInt64] in
            var dispatched: [UInt64] = []
            for i in 0..<total {
                let start = MonotonicClock.nanoseconds()
                let outcome = await dispatcher.submit(envelope: job, deadline: .seconds(5))
                guard outcome.worker != nil else { throw BusError.closed }
                if i >= Self.warmup { dispatched.append(MonotonicClock.nanoseconds() - start) }
            }
            return dispatched
        }
        let rawMedian = medianMicroseconds(raw), dispatchMedian = medianMicroseconds(dispatched)
        let show = { (v: Double) in String(format: "%.1f µs", v) }
        print("latency p50: raw REQ/REP \(show(rawMedian)), dispatcher \(show(dispatchMedian)), added \(show(dispatchMedian - rawMedian))")
        #expect(dispatchMedian - rawMedian < 1000)
        await worker.close()
        await dispatcher.close()
    }
}
