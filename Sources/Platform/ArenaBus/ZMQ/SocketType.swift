import CZeroMQ

/// The ZeroMQ socket types the bus uses.
public enum SocketType: Int32, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Exclusive pair, used for `inproc://` control channels and monitors.
    case pair = 0
    /// Publisher: fans out to every matching subscriber, drops at the high-water mark.
    case pub = 1
    /// Subscriber: receives messages whose first frame starts with a subscribed prefix.
    case sub = 2
    /// Strict request side of request/reply (send, receive, send, …).
    case req = 3
    /// Strict reply side of request/reply.
    case rep = 4
    /// Asynchronous request side: round-robins sends, fair-queues receives.
    case dealer = 5
    /// Asynchronous reply side: prefixes received messages with the peer's routing id.
    case router = 6
    /// Pipeline sink.
    case pull = 7
    /// Pipeline source: round-robins over connected pullers.
    case push = 8

    /// The libzmq constant name, for logs.
    public var description: String {
        switch self {
        case .pair: "PAIR"
        case .pub: "PUB"
        case .sub: "SUB"
        case .req: "REQ"
        case .rep: "REP"
        case .dealer: "DEALER"
        case .router: "ROUTER"
        case .pull: "PULL"
        case .push: "PUSH"
        }
    }
}
