import ArenaCore
import Foundation
import Logging
import MarketData
import NIOCore
import NIOSSL
import Synchronization
import WSClient

/// How a ``WebSocketSession`` connects, keeps alive, rotates and reconnects.
public struct WebSocketSessionConfiguration: Sendable {
    /// Reconnect waits after a connection ends.
    public var backoff: Backoff
    /// Open a replacement connection after this long (Binance cuts connections at 24 h).
    /// The old one closes only once the venue sends on the new one, so nothing is missed.
    public var maxConnectionAge: Duration?
    /// Send this text after this much silence, and drop the connection if nothing
    /// at all arrives within `timeout` after it (OKX: `ping` after 25 s).
    public var idlePing: (text: String, after: Duration, timeout: Duration)?
    /// Largest frame accepted (Binance depth snapshots in a frame are large).
    public var maxFrameSize: Int

    /// Creates a configuration.
    public init(
        backoff: Backoff = Backoff(), maxConnectionAge: Duration? = nil,
        idlePing: (text: String, after: Duration, timeout: Duration)? = nil, maxFrameSize: Int = 1 << 22
    ) {
        self.backoff = backoff
        self.maxConnectionAge = maxConnectionAge
        self.idlePing = idlePing
        self.maxFrameSize = maxFrameSize
    }
}

/// One reconnecting, rotating WebSocket feed: the engine under both venue sources.
///
/// Each connection sends `subscribe` messages once open, decodes every frame
/// with `decode`, and reports connects, ends and malformed frames as
/// ``SourceEvent``s. Pings from the server are answered by WSClient itself
/// (WSCore's handler replies to every ping with a pong).
struct WebSocketSession: Sendable {
    let url: String
    let subscribe: [String]
    let configuration: WebSocketSessionConfiguration
    let logger: Logger
    let decode: @Sendable (Data, Timestamp) throws(VenueMessageError) -> [MarketEvent]
    let clock: any ArenaClock = WallClock()
    /// How long a retired connection waits for the venue's close before it is cut.
    static var closeGrace: Duration { .seconds(5) }

    /// What connections tell the session loop.
    private enum Note: Sendable {
        case connected(Int)
        /// The connection received its first message: the venue is sending on it.
        case live(Int)
        case rotateDue(Int)
        case ended(Int, String)
    }

    /// Runs connections until the consumer stops iterating.
    func events() -> AsyncStream<SourceEvent> {
        let (stream, output) = AsyncStream.makeStream(of: SourceEvent.self)
        let task = Task { await run(output) }
        output.onTermination = { _ in task.cancel() }
        return stream
    }

    private func run(_ output: AsyncStream<SourceEvent>.Continuation) async {
        let (notes, notify) = AsyncStream.makeStream(of: Note.self)
        var stoppers: [Int: AsyncStream<Void>.Continuation] = [:]
        var nextID = 1, failures = 0
        /// Connections due for rotation, kept open until a newer one is live.
        var retiring: Set<Int> = []
        await withTaskGroup(of: Void.self) { group in
            func launch() {
                let id = nextID
                nextID += 1
                let (stop, stopper) = AsyncStream.makeStream(of: Void.self)
                stoppers[id] = stopper
                group.addTask { await connection(id, stop: stop, output: output, notify: notify) }
            }
            launch()
            for await note in notes {
                if Task.isCancelled { break }
                switch note {
                case .connected(let id):
                    failures = 0
                    output.yield(.connected(connectionID: id))
                case .live(let id):
                    // Only now is the venue known to send on the new connection; an
                    // older one stopped when the new one had merely subscribed lost
                    // whatever the venue sent before it took the subscription.
                    for old in retiring where old < id {
                        stoppers[old]?.finish()
                        retiring.remove(old)
                    }
                case .rotateDue(let id):
                    logger.info("rotating connection", metadata: ["connection": "\(id)", "url": "\(url)"])
                    retiring.insert(id)
                    launch()
                case .ended(let id, let reason):
                    stoppers[id] = nil
                    retiring.remove(id)
                    output.yield(.disconnected(connectionID: id, reason: reason))
                    guard stoppers.isEmpty else { continue }
                    let wait = configuration.backoff.delay(attempt: failures)
                    failures += 1
                    logger.warning("reconnecting", metadata: ["after": "\(wait)", "reason": "\(reason)", "url": "\(url)"])
                    try? await Task.sleep(for: wait)
                    if Task.isCancelled { break }
                    launch()
                }
            }
            for stopper in stoppers.values { stopper.finish() }
            group.cancelAll()
        }
        output.finish()
    }

    /// One connection's life: connect, subscribe, read until stopped, closed or silent.
    private func connection(
        _ id: Int, stop: AsyncStream<Void>, output: AsyncStream<SourceEvent>.Continuation,
        notify: AsyncStream<Note>.Continuation
    ) async {
        let client = WebSocketClient(
            url: url,
            configuration: .init(maxFrameSize: configuration.maxFrameSize),
            tlsConfiguration: url.hasPrefix("wss") ? TLSConfiguration.makeClientConfiguration() : nil,
            logger: logger
        ) { inbound, outbound, _ in
            for text in subscribe { try await outbound.write(.text(text)) }
            notify.yield(.connected(id))
            let lastHeard = LastHeard()
            let rotated = RotationFlag()
            try await withThrowingTaskGroup(of: String.self) { group in
                group.addTask {
                    var live = false
                    for try await message in inbound.messages(maxSize: configuration.maxFrameSize) {
                        lastHeard.touch()
                        if !live {
                            live = true
                            notify.yield(.live(id))
                        }
                        let bytes: Data
                        switch message {
                        case .text(let text): bytes = Data(text.utf8)
                        case .binary(let buffer): bytes = Data(buffer.readableBytesView)
                        }
                        deliver(bytes, output: output)
                    }
                    return rotated.isSet ? "rotated" : "closed by server"
                }
                group.addTask {
                    for await _ in stop {}
                    // Retired: close with the handshake and keep reading until the
                    // venue's close, so every frame it sent before it saw ours is
                    // delivered (cutting the socket lost those still in flight, a gap
                    // the replacement, live since just after them, does not cover).
                    rotated.set()
                    try? await outbound.close(.normalClosure, reason: "rotated")
                    try await Task.sleep(for: Self.closeGrace)
                    return "rotated; no close from the venue within \(Self.closeGrace)"
                }
                if let age = configuration.maxConnectionAge {
                    group.addTask {
                        try await Task.sleep(for: age)
                        notify.yield(.rotateDue(id))
                        try await Task.sleep(for: .seconds(365 * 86_400))
                        return "unreachable"
                    }
                }
                if let ping = configuration.idlePing {
                    group.addTask {
                        try await KeepAlive.run(ping, lastHeard: lastHeard) { try await outbound.write(.text(ping.text)) }
                    }
                }
                let reason = try await group.next() ?? "ended"
                group.cancelAll()
                throw ConnectionEnd(reason: reason)
            }
        }
        do {
            try await client.run()
            notify.yield(.ended(id, "closed"))
        } catch let end as ConnectionEnd {
            notify.yield(.ended(id, end.reason))
        } catch {
            notify.yield(.ended(id, "\(error)"))
        }
    }

    private func deliver(_ bytes: Data, output: AsyncStream<SourceEvent>.Continuation) {
        do {
            for event in try decode(bytes, clock.now()) { output.yield(.event(event)) }
        } catch {
            logger.warning("malformed frame", metadata: ["error": "\(error)"])
            output.yield(.malformed(error))
        }
    }
}

/// The idle ping of a connection whose venue wants one (OKX: "ping" after
/// silence, "pong" back).
enum KeepAlive {
    /// Sends `ping.text` after `ping.after` of silence; returns (the reason)
    /// when nothing was heard within `ping.timeout` of sending it.
    static func run(
        _ ping: (text: String, after: Duration, timeout: Duration), lastHeard: LastHeard,
        send: () async throws -> Void
    ) async throws -> String {
        let after = UInt64(ping.after.components.seconds) * 1_000_000_000 + UInt64(ping.after.components.attoseconds / 1_000_000_000)
        while true {
            try await Task.sleep(for: .milliseconds(50))
            let silent = MonotonicClock.nanoseconds() - lastHeard.at
            guard silent >= after else { continue }
            // Read before sending: the answer can arrive, and be read, before this
            // task runs again after the send (a busy machine showed it), and
            // must still count as heard after the ping.
            let sentAt = MonotonicClock.nanoseconds()
            try await send()
            try await Task.sleep(for: ping.timeout)
            if lastHeard.at < sentAt { return "no answer to \(ping.text) within \(ping.timeout)" }
        }
    }
}

/// Set once a connection is being retired by rotation.
private final class RotationFlag: Sendable {
    private let value = Atomic<Bool>(false)
    func set() { value.store(true, ordering: .releasing) }
    var isSet: Bool { value.load(ordering: .acquiring) }
}

/// When a connection last received anything (monotonic nanoseconds).
final class LastHeard: Sendable {
    private let value = Atomic<UInt64>(MonotonicClock.nanoseconds())
    func touch() { value.store(MonotonicClock.nanoseconds(), ordering: .relaxed) }
    var at: UInt64 { value.load(ordering: .relaxed) }
}

/// Ends a connection's handler with the reason it ended.
private struct ConnectionEnd: Error {
    var reason: String
}
