import ArenaCore
import Foundation

extension FakeBinance {
    // MARK: User-data stream controls

    /// Closes every user-data connection (both markets); clients reconnect. Returns how many were open.
    @discardableResult
    public func dropStreamConnections() -> Int {
        let dropped = state.withLock { s in
            defer { s.streams.connections.removeAll() }
            return Array(s.streams.connections.values)
        }
        for c in dropped { c.output.finish() }
        return dropped.count
    }

    /// Drops every user-data connection and refuses new ones until ``resumeStreams()``: what happens
    /// meanwhile (a ``fill(clientOrderID:quantity:price:)``) is visible only through REST, as on Binance.
    public func pauseStreams() {
        state.withLock { $0.streams.paused = true }
        dropStreamConnections()
    }

    /// Accepts user-data connections again.
    public func resumeStreams() { state.withLock { $0.streams.paused = false } }

    /// Expires the active USDⓈ-M listen key: its streams get `listenKeyExpired`, keep-alives get -1125,
    /// and the next `POST listenKey` issues a new key.
    public func expireListenKey() {
        state.withLock { s in
            guard let key = s.streams.listenKey else { return }
            s.streams.listenKey = nil
            let event: JSONValue = .object(["e": .string("listenKeyExpired"), "E": .string(String(Self.now(s))), "listenKey": .string(key)])
            s.streams.send(s.text(event)) { $0.listenKey == key }
        }
    }

    // MARK: User-data stream observations

    /// User-data connections open now.
    public var streamConnectionsOpen: Int { state.withLock { $0.streams.connections.count } }
    /// User-data connections accepted so far.
    public var streamConnectionsOpened: Int { state.withLock { $0.streams.connectionsOpened } }
    /// Spot subscriptions accepted and refused (bad key, signature or timestamp).
    public var subscriptionsAccepted: Int { state.withLock { $0.streams.subscriptionsAccepted } }
    public var subscriptionsRefused: Int { state.withLock { $0.streams.subscriptionsRefused } }
    /// The active USDⓈ-M listen key, and how many were issued.
    public var activeListenKey: String? { state.withLock { $0.streams.listenKey } }
    public var listenKeysIssued: Int { state.withLock { $0.streams.listenKeysIssued } }
    /// When each accepted keep-alive arrived.
    public var keepAlives: [ContinuousClock.Instant] { state.withLock { $0.streams.keepAlives } }
}
