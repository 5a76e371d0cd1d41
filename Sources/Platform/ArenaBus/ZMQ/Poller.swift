import ArenaCore
import CZeroMQ

/// Readiness bits for ``Poller``.
public struct PollEvents: OptionSet, Sendable, Hashable {
    /// The raw `ZMQ_POLL*` bits.
    public let rawValue: Int16

    /// Creates events from `ZMQ_POLL*` bits.
    public init(rawValue: Int16) { self.rawValue = rawValue }

    /// A message (or, for a file descriptor, bytes) can be received.
    public static let readable = PollEvents(rawValue: Int16(ZMQ_POLLIN))
    /// A message can be sent without blocking.
    public static let writable = PollEvents(rawValue: Int16(ZMQ_POLLOUT))
    /// An error condition on a file descriptor.
    public static let error = PollEvents(rawValue: Int16(ZMQ_POLLERR))
}

/// Waits on several sockets and plain file descriptors at once (`zmq_poll`).
///
/// A poller belongs to the thread that owns its sockets. The bus's loops add
/// their socket and a ``WakeSignal`` descriptor, so commands from other
/// threads interrupt the wait without a timeout.
public struct Poller {
    private var items: [zmq_pollitem_t] = []
    private var sockets: [ZMQSocket?] = []

    /// An empty poller.
    public init() {}

    /// Number of registered items.
    public var count: Int { items.count }

    /// Watches `socket` for `events`; returns its index.
    @discardableResult
    public mutating func add(_ socket: ZMQSocket, events: PollEvents = .readable) -> Int {
        items.append(zmq_pollitem_t(socket: socket.handle, fd: 0, events: events.rawValue, revents: 0))
        sockets.append(socket)
        return items.count - 1
    }

    /// Watches a file descriptor for `events`; returns its index.
    @discardableResult
    public mutating func add(fileDescriptor: Int32, events: PollEvents = .readable) -> Int {
        items.append(zmq_pollitem_t(socket: nil, fd: fileDescriptor, events: events.rawValue, revents: 0))
        sockets.append(nil)
        return items.count - 1
    }

    /// Puts `socket` in place of the socket at `index` (after a socket was
    /// closed and reopened, as the lazy-pirate requester does).
    public mutating func replace(_ socket: ZMQSocket, at index: Int) {
        sockets[index] = socket
        items[index].socket = socket.handle
    }

    /// Changes the events watched at `index`; an empty set ignores the item
    /// (a loop stops reading a socket that way while its consumer is full).
    public mutating func setEvents(_ events: PollEvents, at index: Int) {
        items[index].events = events.rawValue
    }

    /// The events that were ready at `index` after the last ``poll(timeout:)``.
    public func readyEvents(at index: Int) -> PollEvents {
        PollEvents(rawValue: items[index].revents)
    }

    /// True when `index` was readable after the last ``poll(timeout:)``.
    public func isReadable(_ index: Int) -> Bool {
        readyEvents(at: index).contains(.readable)
    }

    /// Waits until an item is ready or `timeout` passes (`nil` waits forever).
    /// A signal interrupting the wait resumes it for the time that remains.
    ///
    /// - Returns: the number of ready items (zero on timeout).
    /// - Throws: ``ZMQError`` with `ENOTSOCK` if a registered socket was
    ///   closed, `ETERM` when the context shuts down.
    @discardableResult
    public mutating func poll(timeout: Duration?) throws(ZMQError) -> Int {
        for i in items.indices where sockets[i] != nil {
            // A closed socket's handle is freed memory; never hand it to libzmq.
            guard let h = sockets[i]?.handle else { throw ZMQError.closed("zmq_poll") }
            items[i].socket = h
        }
        let deadline = timeout.map { MonotonicClock.nanoseconds() &+ Self.nanoseconds($0) }
        while true {
            var ms = -1
            if let deadline {
                let now = MonotonicClock.nanoseconds()
                // Round up: waking a little late is harmless, spinning on a
                // zero timeout for the last fraction of a millisecond is not.
                ms = now >= deadline ? 0 : Int((deadline - now + 999_999) / 1_000_000)
            }
            let rc = items.withUnsafeMutableBufferPointer { zmq_poll($0.baseAddress, Int32($0.count), ms) }
            if rc >= 0 { return Int(rc) }
            let code = zmq_errno()
            if code == EINTR { continue }
            throw ZMQError(operation: "zmq_poll", code: code)
        }
    }

    static func nanoseconds(_ d: Duration) -> UInt64 {
        let (s, a) = d.components
        guard s >= 0 else { return 0 }
        return UInt64(s) &* 1_000_000_000 &+ UInt64(a / 1_000_000_000)
    }
}
