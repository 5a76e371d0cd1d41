import ArenaBus
import ArenaCore
import Logging
import ArenaWire

/// Sends messages that must not be lost to a peer by request/reply, one at a
/// time in submission order, until each is acknowledged (DESIGN: what must
/// not be lost travels on request/reply with an acknowledgement, idempotent
/// by id).
///
/// A request that fails (peer down, timeout after the requester's own
/// retries, an acknowledgement of another id) is retried with back-off,
/// forever, with the same message, so the peer can drop a repeat by its id.
/// The owner keeps each message in its store until ``acknowledged`` has run
/// for it, and resubmits what a previous run never had acknowledged.
public actor AcknowledgedQueue<Message: WireMessage, Ack: WireMessage> {
    /// How the queue reads ids and reports progress.
    public struct Hooks: Sendable {
        /// The id a message is acknowledged under.
        public var id: @Sendable (Message) -> String
        /// The id an acknowledgement is for.
        public var ackID: @Sendable (Ack) -> String
        /// Runs once per message when its acknowledgement arrived (before the next message is sent).
        public var acknowledged: @Sendable (Message, Ack) async -> Void
        /// The number of messages waiting, after each change.
        public var pending: @Sendable (Int) -> Void
        /// A failed attempt (counted by the owner).
        public var failed: @Sendable () -> Void

        public init(
            id: @escaping @Sendable (Message) -> String, ackID: @escaping @Sendable (Ack) -> String,
            acknowledged: @escaping @Sendable (Message, Ack) async -> Void, pending: @escaping @Sendable (Int) -> Void = { _ in },
            failed: @escaping @Sendable () -> Void = {}
        ) {
            self.id = id
            self.ackID = ackID
            self.acknowledged = acknowledged
            self.pending = pending
            self.failed = failed
        }
    }

    private let requester: any RequestClient
    private let backoff: Backoff
    private let peer: String
    private let hooks: Hooks
    private let logger: Logger
    private var queue: [Message] = []
    private var queued: Set<String> = []
    private var wake: AsyncStream<Void>.Continuation?
    private var failures = 0
    /// Messages submitted and acknowledged so far, for ``drained()``.
    private var submitted: Int64 = 0
    private var acknowledged: Int64 = 0
    private let acknowledgedMark = Watermark<Int64>(0)

    /// A queue to `peer` (named in logs) over `requester`.
    public init(requester: any RequestClient, peer: String, backoff: Backoff, hooks: Hooks, logger: Logger) {
        self.requester = requester
        self.peer = peer
        self.backoff = backoff
        self.hooks = hooks
        self.logger = logger
    }

    /// Queues `message` (a message whose id is already queued is ignored).
    public func submit(_ message: Message) {
        guard queued.insert(hooks.id(message)).inserted else { return }
        queue.append(message)
        submitted += 1
        hooks.pending(queue.count)
        wake?.yield()
    }

    /// Messages waiting for their acknowledgement.
    public var pendingCount: Int { queue.count }

    /// Returns once every message submitted before the call is acknowledged
    /// (`false` if the task is cancelled first): a lockstep replay's "nothing owed".
    @discardableResult
    public func drained() async -> Bool {
        // Counted from the submissions, not the queue: a message submitted again
        // while queued was ignored, and one acknowledged meanwhile still counts.
        await acknowledgedMark.reached(submitted)
    }

    /// Sends queued messages until cancelled.
    public func run() async {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        wake = continuation
        defer { continuation.finish() }
        var wakeups = stream.makeAsyncIterator()
        while !Task.isCancelled {
            guard let next = queue.first else {
                if await wakeups.next() == nil { return }
                continue
            }
            if let ack = await send(next) {
                await hooks.acknowledged(next, ack)
                queue.removeFirst()
                queued.remove(hooks.id(next))
                hooks.pending(queue.count)
                acknowledged += 1
                acknowledgedMark.advance(to: acknowledged)
                failures = 0
            } else {
                failures += 1
                hooks.failed()
                do { try await Task.sleep(for: backoff.delay(attempt: failures)) } catch { return }
            }
        }
    }

    private func send(_ message: Message) async -> Ack? {
        let id = hooks.id(message)
        let ack: Ack
        do { ack = try await requester.request(message, expecting: Ack.self) } catch {
            if failures == 0 || failures % 20 == 0 {
                logger.warning("\(peer) did not acknowledge; retrying", metadata: ["id": "\(id)", "error": "\(error)"])
            }
            return nil
        }
        guard hooks.ackID(ack) == id else {
            logger.error("\(peer) acknowledged another message", metadata: ["sent": "\(id)", "acknowledged": "\(hooks.ackID(ack))"])
            return nil
        }
        return ack
    }
}
