import ArenaCore
import ArenaTesting
import Foundation
import LiveVenues
import Synchronization
import Testing

/// Collects a user-data stream's events and waits for them by polling (no fixed sleeps).
final class EventLog: Sendable {
    private let events = EventStore()
    private let task: Task<Void, Never>

    init(_ stream: AsyncStream<BinanceUserDataEvent>) {
        let events = self.events
        task = Task { for await e in stream { events.append(e) } }
    }

    /// Everything received so far.
    var all: [BinanceUserDataEvent] { events.all }

    /// The order updates received so far.
    var orders: [BinanceOrderUpdate] { all.compactMap { if case .order(let u) = $0 { u } else { nil } } }

    /// Stops consuming: the stream's producer is told (and closes its subscription).
    func stop() { task.cancel() }

    /// The first event matching `match`, waiting up to `timeout` (generous: the machine may be loaded).
    func first<T>(timeout: Duration = .seconds(30), _ match: (BinanceUserDataEvent) -> T?) async -> T? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let found = all.compactMap(match).first { return found }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return all.compactMap(match).first
    }

    /// How many events match `match`, once at least `count` do (or the timeout passed).
    @discardableResult
    func count(atLeast count: Int, timeout: Duration = .seconds(30), _ match: (BinanceUserDataEvent) -> Bool) async -> Int {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline, all.filter(match).count < count { try? await Task.sleep(for: .milliseconds(20)) }
        return all.filter(match).count
    }

    /// The order update of `clientOrderID` with `execution`.
    func order(_ clientOrderID: String, _ execution: BinanceExecutionType) async -> BinanceOrderUpdate? {
        await first { if case .order(let u) = $0, u.clientOrderID == clientOrderID, u.executionType == execution { u } else { nil } }
    }
}

extension Harness {
    /// Places a resting order seen as NEW on `log`, cuts the streams off, fills the order meanwhile and lets
    /// the client reconnect; checks the fill never came through the stream and returns the order as REST has it.
    func fillMissedWhileCutOff(_ log: EventLog, id: String, price: String) async throws -> BinanceOrder {
        _ = try await client.placeOrder(Harness.order(quantity: "0.01", price: price, id: id, tif: .gtc))
        #expect(await log.order(id, .new) != nil)
        fake.pauseStreams()
        #expect(await log.first { $0.disconnectReason } != nil)
        fake.fill(clientOrderID: id, price: FixedDecimal(price)!)
        fake.resumeStreams()
        #expect(await log.first { $0.isReconnected ? true : nil } == true)
        #expect(!log.orders.contains { $0.clientOrderID == id && $0.executionType == .trade })
        let order = try await client.queryOrder(symbol: Harness.symbol, clientOrderID: try ClientOrderID(id))
        #expect(try await client.trades(symbol: Harness.symbol).contains { $0.orderID == order.orderID })
        return order
    }
}

extension BinanceUserDataEvent {
    var isConnected: Bool { self == .connected }
    var isReconnected: Bool { self == .reconnected }
    var disconnectReason: String? { if case .disconnected(let r) = self { r } else { nil } }
}

extension BinanceUserDataStreamConfiguration {
    /// Quick reconnects for tests.
    static func test(_ configure: (inout BinanceUserDataStreamConfiguration) -> Void = { _ in }) -> BinanceUserDataStreamConfiguration {
        var c = BinanceUserDataStreamConfiguration()
        c.backoff = Backoff(initial: .milliseconds(50), maximum: .milliseconds(500))
        configure(&c)
        return c
    }
}

/// The events received, behind a lock.
final class EventStore: Sendable {
    private let events = Mutex<[BinanceUserDataEvent]>([])
    func append(_ e: BinanceUserDataEvent) { events.withLock { $0.append(e) } }
    var all: [BinanceUserDataEvent] { events.withLock { $0 } }
}
