import ArenaCore
import ArenaTesting
import AsyncHTTPClient
import Foundation
import MarketData
import MarketDataLive

/// The shared data set beside the repository (see MarketDataTests/SharedData.swift).
enum LiveData {
    static let raw = TestData.sharedRaw
    static let requirement = TestRequirement.sharedData("binance_ws_raw_hftbacktest")
    static let spotFiles = ["spot_btcusdt_20240808.gz"].map { raw.appendingPathComponent("binance_ws_raw_hftbacktest/\($0)") }
    static let okxFile = raw.appendingPathComponent("ws_raw_cryptofeed/OKX.ws.1.0.txt")
    static let binance = try! VenueID("binance")
    static let btc = try! Symbol("BTCUSDT")

    /// A fake exchange replaying the spot BTCUSDT capture at `speed`.
    static func exchange(speed: Double = 20, ping: Duration = .seconds(30), okx: Bool = false) async throws -> FakeExchange {
        var c = FakeExchange.Configuration()
        c.spotFiles = spotFiles
        c.speed = speed
        c.pingPeriod = ping
        if okx { c.okxFile = okxFile }
        return try await FakeExchange(c)
    }

    /// POSTs a control action to the fake exchange.
    static func control(_ exchange: FakeExchange, _ action: String) async throws {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(exchange.port)/control/\(action)")
        request.method = .POST
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        guard response.status == .ok else { throw ControlFailed(action: action) }
    }

    struct ControlFailed: Error { var action: String }
}

/// Collects a source's events on a task, for tests to wait on.
final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [SourceEvent] = []
    private var task: Task<Void, Never>?

    init(_ source: some VenueSource) {
        let stream = source.events()
        task = Task { [weak self] in
            for await event in stream { self?.append(event) }
        }
    }

    private func append(_ e: SourceEvent) { lock.withLock { items.append(e) } }
    var events: [SourceEvent] { lock.withLock { items } }
    var trades: [Trade] { events.compactMap { if case .event(.market(.trade(let t))) = $0 { t } else { nil } } }
    var connects: [Int] { events.compactMap { if case .connected(let id) = $0 { id } else { nil } } }
    var disconnects: Int { disconnectReasons.count }
    /// Why each connection ended, in order.
    var disconnectReasons: [String] { events.compactMap { if case .disconnected(_, let reason) = $0 { reason } else { nil } } }
    var malformed: [VenueMessageError] { events.compactMap { if case .malformed(let e) = $0 { e } else { nil } } }

    /// Waits (polling) until `condition` holds; false after `timeout`, which only guards against hanging.
    func wait(timeout: Duration = .seconds(60), _ condition: (EventLog) -> Bool) async -> Bool {
        let end = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < end {
            if condition(self) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition(self)
    }

    func stop() { task?.cancel() }
}
