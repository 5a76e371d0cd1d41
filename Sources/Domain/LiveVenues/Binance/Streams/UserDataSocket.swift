import ArenaCore
import Foundation
import Logging
import NIOSSL
import Synchronization
import WSClient

/// How a user-data stream reconnects, rotates and keeps its subscription alive.
public struct BinanceUserDataStreamConfiguration: Sendable {
    /// Waits between reconnection attempts (reset once a connection is live again).
    public var backoff = Backoff(initial: .milliseconds(500), maximum: .seconds(30))
    /// Reconnect proactively after this long: Binance cuts every connection at 24 h.
    public var maxConnectionAge: Duration = .seconds(23 * 3_600)
    /// USDⓈ-M: how often the listen key is extended (`PUT`); a key lapses 60 minutes after its last extension.
    public var keepAliveInterval: Duration = .seconds(30 * 60)
    /// Spot: how long the subscription's answer may take before the connection is abandoned.
    public var subscribeTimeout: Duration = .seconds(10)
    /// The largest frame accepted.
    public var maxFrameSize = 1 << 20

    public init() {}
}

/// The reconnecting loop both markets share: sessions one after another, with backoff, and the
/// connection markers the OMS reconciles on.
enum UserDataLoop {
    /// The stream a consumer iterates: ``run(output:backoff:logger:session:)`` on its own task, cancelled
    /// (then `onStop`) when the consumer stops iterating.
    static func stream(
        backoff: Backoff, logger: Logger, onStop: (@Sendable () -> Void)? = nil,
        session: @escaping @Sendable (AsyncStream<BinanceUserDataEvent>.Continuation, @escaping @Sendable () -> Void) async -> String
    ) -> AsyncStream<BinanceUserDataEvent> {
        let (stream, output) = AsyncStream.makeStream(of: BinanceUserDataEvent.self)
        let task = Task { await run(output: output, backoff: backoff, logger: logger) { live in await session(output, live) } }
        output.onTermination = { _ in
            task.cancel()
            onStop?()
        }
        return stream
    }

    /// Runs `session` until the consumer stops iterating `output`. A session calls its `live` argument
    /// once its subscription is confirmed and returns why it ended.
    static func run(
        output: AsyncStream<BinanceUserDataEvent>.Continuation, backoff: Backoff, logger: Logger,
        session: @Sendable (_ live: @escaping @Sendable () -> Void) async -> String
    ) async {
        let everLive = StreamFlag()
        var failures = 0
        while !Task.isCancelled {
            let liveNow = StreamFlag()
            let reason = await session {
                liveNow.set()
                output.yield(everLive.set() ? .reconnected : .connected)
            }
            if Task.isCancelled { break }
            if liveNow.isSet {
                failures = 0
                output.yield(.disconnected(reason: reason))
            }
            let wait = backoff.delay(attempt: failures)
            failures += 1
            logger.warning("user-data stream ended; reconnecting", metadata: ["reason": "\(reason)", "after": "\(wait)"])
            try? await Task.sleep(for: wait)
        }
        output.finish()
    }
}

/// One user-data WebSocket connection.
enum UserDataSocket {
    /// What a frame handler decides: keep reading, or end the connection with a reason.
    typealias FrameHandler = @Sendable (Data, WebSocketOutboundWriter) async throws -> String?

    /// Connects to `url`, runs `open`, then hands every frame to `frame` until it returns a reason,
    /// the server closes, `maxAge` passes or `watch` returns; gives the reason the connection ended.
    static func run(
        url: String, maxAge: Duration, maxFrameSize: Int, logger: Logger,
        open: @escaping @Sendable (WebSocketOutboundWriter) async throws -> Void,
        watch: (@Sendable () async -> String)? = nil,
        frame: @escaping FrameHandler
    ) async -> String {
        // The client's own debug lines would show the URL, and USDⓈ-M's carries the listen key.
        var quiet = logger
        quiet.logLevel = .warning
        let client = WebSocketClient(
            url: url, configuration: .init(maxFrameSize: maxFrameSize),
            tlsConfiguration: url.hasPrefix("wss") ? TLSConfiguration.makeClientConfiguration() : nil, logger: quiet
        ) { inbound, outbound, _ in
            try await open(outbound)
            let reason = try await withThrowingTaskGroup(of: String.self) { group in
                group.addTask {
                    for try await message in inbound.messages(maxSize: maxFrameSize) {
                        let data: Data
                        switch message {
                        case .text(let text): data = Data(text.utf8)
                        case .binary(let buffer): data = Data(buffer.readableBytesView)
                        }
                        if let reason = try await frame(data, outbound) { return reason }
                    }
                    return "closed by the venue"
                }
                group.addTask {
                    try await Task.sleep(for: maxAge)
                    return "rotation after \(maxAge)"
                }
                if let watch { group.addTask { await watch() } }
                let reason = try await group.next() ?? "ended"
                group.cancelAll()
                return reason
            }
            try? await outbound.close(.normalClosure, reason: nil)
            throw SocketEnd(reason: reason)
        }
        do {
            try await client.run()
            return "closed"
        } catch let end as SocketEnd {
            return end.reason
        } catch {
            return "connection failed: \(error)"
        }
    }
}

extension UserDataSocket {
    /// `data` decoded by `parse`, or nil (logged): the caller then ends the connection, because a frame
    /// that cannot be read may have been a fill, and the reconnect makes the OMS reconcile.
    static func decode<T>(_ data: Data, logger: Logger, _ parse: (Data) throws(BinanceUserDataParser.ParseError) -> T) -> T? {
        do { return try parse(data) } catch {
            logger.warning("malformed user-data frame", metadata: ["error": "\(error)"])
            return nil
        }
    }
}

/// A flag set once, shared by the tasks of a connection.
final class StreamFlag: Sendable {
    private let value = Atomic<Bool>(false)
    /// Sets the flag; returns whether it was already set.
    @discardableResult
    func set() -> Bool { value.exchange(true, ordering: .acquiringAndReleasing) }
    var isSet: Bool { value.load(ordering: .acquiring) }
}

/// Ends a connection's handler with the reason it ended.
private struct SocketEnd: Error {
    var reason: String
}
