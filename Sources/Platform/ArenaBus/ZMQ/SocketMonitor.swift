import CZeroMQ
import Foundation
import Logging
import Synchronization

/// Connection events of one socket, read on a dedicated thread.
///
/// libzmq publishes a socket's events on an `inproc://` PAIR endpoint
/// (`zmq_socket_monitor`); the monitor connects a PAIR there and turns each
/// event into a ``SocketEvent``, delivered through ``events`` and tallied in
/// ``count(_:)``. The monitor ends by itself when the socket closes.
///
/// libzmq sends monitor events with blocking sends, some from its I/O
/// thread: an unread monitor would freeze every connection of the context.
/// So the monitor's thread reads until the socket closes, whatever happens
/// to ``events``; ``stop()`` only ends the delivery.
public final class SocketMonitor: Sendable {
    /// State shared between the monitor's thread and its users.
    private final class Shared: Sendable {
        let continuation: AsyncStream<SocketEvent>.Continuation
        let counts = Mutex<[SocketEvent.Kind: Int]>([:])

        init(continuation: AsyncStream<SocketEvent>.Continuation) {
            self.continuation = continuation
        }

        func deliver(_ event: SocketEvent) {
            counts.withLock { $0[event.kind, default: 0] += 1 }
            continuation.yield(event)
        }
    }

    /// Every event in arrival order (the newest 1024 are kept for a slow reader).
    public let events: AsyncStream<SocketEvent>
    private let shared: Shared

    /// Starts monitoring `socket`. Call on the thread that owns the socket,
    /// before it binds or connects, so no event is missed.
    init(socket: ZMQSocket, label: String) throws(ZMQError) {
        let endpoint = "inproc://arena.monitor.\(UUID().uuidString)"
        let h = try socket.requireHandle("zmq_socket_monitor")
        try ZMQError.check("zmq_socket_monitor") { zmq_socket_monitor(h, endpoint, ZMQ_EVENT_ALL) }
        let pair = try ZMQSocket(.pair, context: socket.context, options: .control)
        try pair.connect(endpoint)
        let (events, continuation) = AsyncStream.makeStream(of: SocketEvent.self, bufferingPolicy: .bufferingNewest(1024))
        let shared = Shared(continuation: continuation)
        self.events = events
        self.shared = shared
        // The hand-off moves the PAIR socket's ownership to the new thread.
        let handoff = Mutex<ZMQSocket?>(pair)
        // Nobody joins the thread: it ends with the monitored socket.
        _ = BusThread.start(name: "mon.\(label)") {
            guard let pair = handoff.withLock({ $0.take() }) else { return }
            Self.run(pair: pair, shared: shared, logger: Logger(label: "arena.bus.monitor"))
            pair.close()
            shared.continuation.finish()
        }
    }

    private static func run(pair: ZMQSocket, shared: Shared, logger: Logger) {
        while true {
            do {
                // Blocking is right here: this thread exists only to read.
                guard let frames = try pair.receive() else { continue }
                guard let event = SocketEvent(frames: frames) else {
                    logger.warning("unreadable monitor message", metadata: ["frames": "\(frames.count)"])
                    continue
                }
                shared.deliver(event)
                if event.kind == .monitorStopped { return }
            } catch {
                if !error.isTerminated { logger.error("socket monitor stopped: \(error)") }
                return
            }
        }
    }

    /// How many events of `kind` arrived so far.
    public func count(_ kind: SocketEvent.Kind) -> Int {
        shared.counts.withLock { $0[kind, default: 0] }
    }

    /// Counts per kind so far.
    public var counters: [SocketEvent.Kind: Int] { shared.counts.withLock { $0 } }

    /// Ends ``events`` (counting continues until the socket closes).
    public func stop() {
        shared.continuation.finish()
    }
}

extension ZMQSocket {
    /// Starts a ``SocketMonitor`` on this socket. Call before `bind`/`connect`
    /// so the first events are seen.
    public func monitor(label: String = "socket") throws(ZMQError) -> SocketMonitor {
        try SocketMonitor(socket: self, label: label)
    }
}
