import ArenaBus
import Foundation
import Synchronization

/// Raw libzmq baselines: the same traffic without envelope, codec or patterns.
enum RawZMQ {
    /// Runs `body` on a new thread and returns a handle to wait for it.
    static func thread(_ name: String, _ body: @escaping @Sendable () -> Void) -> DispatchSemaphore {
        let done = DispatchSemaphore(value: 0)
        let t = Thread {
            body()
            done.signal()
        }
        t.name = name
        t.start()
        return done
    }

    /// Messages per second from a PUB to a SUB over tcp, `[topic, payload]` frames.
    static func pubSubRate(count: Int, topic: String, payloadSize: Int, highWaterMark: Int) throws -> Double {
        let options = SocketOptions(sendHighWaterMark: highWaterMark, receiveHighWaterMark: highWaterMark, linger: .zero)
        let pub = try ZMQSocket(.pub, options: options)
        let endpoint = try pub.bind("tcp://127.0.0.1:*")
        let sub = try ZMQSocket(.sub, options: options)
        try sub.subscribe("")
        try sub.connect(endpoint)
        let payload = [UInt8](repeating: 0x5A, count: payloadSize)
        let topicBytes = Array(topic.utf8)
        // Handshake: publish until the subscriber sees a message.
        try sub.set(.receiveTimeout, .milliseconds(10))
        while ((try? sub.receive()) ?? nil) == nil { _ = try pub.send([topicBytes, [0]]) }
        try sub.set(.receiveTimeout, .seconds(5))
        while (try? sub.receive(dontWait: true)) ?? nil != nil {}
        let received = Atomic<Int>(0)
        let start = Atomic<UInt64>(0), end = Atomic<UInt64>(0)
        let subSocket = UnsafeTransfer(sub)
        let reader = thread("raw-sub") {
            var n = 0
            while n < count, let frames = try? subSocket.value.receive(), frames.count == 2 {
                if n == 0 { start.store(DispatchTime.now().uptimeNanoseconds, ordering: .relaxed) }
                n += 1
            }
            end.store(DispatchTime.now().uptimeNanoseconds, ordering: .relaxed)
            received.store(n, ordering: .relaxed)
        }
        for _ in 0..<count {
            _ = try pub.send(topicBytes, more: true)
            _ = try pub.send(payload)
        }
        reader.wait()
        pub.close()
        sub.close()
        let n = received.load(ordering: .relaxed)
        return Double(n) / (Double(end.load(ordering: .relaxed) - start.load(ordering: .relaxed)) / 1e9)
    }

    /// Round-trip latencies (µs) of a REQ/REP echo over tcp with `payloadSize` bytes.
    static func reqRepLatencies(count: Int, payloadSize: Int) throws -> [Double] {
        let rep = try ZMQSocket(.rep)
        let endpoint = try rep.bind("tcp://127.0.0.1:*")
        let repSocket = UnsafeTransfer(rep)
        let server = thread("raw-rep") {
            for _ in 0..<(count + 100) {
                guard let frames = try? repSocket.value.receive() else { return }
                _ = try? repSocket.value.send(frames)
            }
        }
        let req = try ZMQSocket(.req)
        try req.connect(endpoint)
        let payload = [UInt8](repeating: 0x5A, count: payloadSize)
        var samples: [Double] = []
        samples.reserveCapacity(count)
        for i in 0..<(count + 100) {
            let t0 = DispatchTime.now().uptimeNanoseconds
            _ = try req.send(payload)
            _ = try req.receive()
            if i >= 100 { samples.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1000) }
        }
        server.wait()
        req.close()
        rep.close()
        return samples
    }
}

/// Hands a non-Sendable value to exactly one other thread.
struct UnsafeTransfer<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
