import Analytics
import ArenaCore
import Foundation

/// A service's last sign of life as the reporter saw it.
public struct ServicePulse: Sendable, Hashable, Codable {
    public var service: String
    public var instance: String
    public var state: String
    public var lastHeartbeatMilliseconds: Int64
    public var uptimeSeconds: Int64
    public var intervalMilliseconds: Int64
    public var messages: Int64
    public var alerts: Int64
    /// CPU seconds and resident memory the service reported in its last heartbeat.
    public var cpuSeconds: Double?
    public var residentMemoryBytes: Int64?
    /// Share of one core used between its last two heartbeats.
    public var cpuShare: Double?
    /// Messages per second heard from it over the last heartbeat interval.
    public var messagesPerSecond: Double?
    /// The message count at its previous heartbeat.
    var messagesAtLastBeat: Int64 = 0

    enum CodingKeys: String, CodingKey {
        case service, instance, state, lastHeartbeatMilliseconds, uptimeSeconds, intervalMilliseconds, messages, alerts, cpuSeconds
        case residentMemoryBytes, cpuShare, messagesPerSecond
    }
}

/// The reporter's live state: the ``ArenaBook``, the services' pulses, recent alerts and trading
/// states, and caches of what the dashboard and the API serve most, rebuilt only when the book
/// changed (a version counter), so a busy leaderboard costs one encoding per change, not per request.
public actor ReporterState {
    public private(set) var book: ArenaBook
    /// Bumped on every change the pages show; the live refresh watches it.
    public private(set) var version = 0
    /// Whether what a previous run recorded has been put back: until then the dashboard answers "starting",
    /// so no client reads a half-restored book.
    public private(set) var restored = false

    /// Notes that the recorded history is back in the state.
    public func finishRestore() { restored = true }
    public private(set) var pulses: [String: ServicePulse] = [:]
    public private(set) var alerts: [Alert] = []
    public private(set) var tradingStates: [String: TradingStateChange] = [:]
    /// Every symbol's data coverage and marks, by symbol.
    public var coverage: [SymbolMarks] { book.symbols.keys.sorted().compactMap { book.symbols[$0] } }
    /// Which decision each order came from, so a fill can be traced to it.
    private var decisionOf: [ClientOrderID: String] = [:]
    /// The audited events applied, by kind and reference: one sent again (a service that
    /// restarted repeats what it is not sure was heard) is recorded and counted once.
    private var applied: Set<String> = []
    private var cache: [String: (version: Int, bytes: [UInt8])] = [:]
    private var reportClock = ReportClock()
    private var memo: (version: Int, board: Leaderboard)?

    /// Alert kinds about the market data itself (the data coverage page).
    public static let dataAlertKinds: Set<String> = ["data_gap", "stale_feed", "price_jump", "bars_short_of_trades"]

    /// The leaderboard now, computed once per version of the book (every page and route asks this).
    public func leaderboard() -> Leaderboard {
        if let memo, memo.version == version { return memo.board }
        let board = book.leaderboard()
        memo = (version, board)
        return board
    }

    /// The recent alerts about the market data, newest first.
    public var dataAlerts: [Alert] { alerts.filter { Self.dataAlertKinds.contains($0.kind) }.reversed() }
    static let recentAlerts = 200

    public init(book: ArenaBook) { self.book = book }

    /// What applying an event produced: the record for the audit log, NAV points to store, and the
    /// reports of periods that market time just finished.
    public struct Applied: Sendable {
        public var record: RecordedEvent?
        public var nav: [(ModelID, EquityPoint)] = []
        public var reports: [PeriodReport] = []
        /// An account newer than the one held: the model's latest, to store.
        public var account: AccountState?
        /// A new bar's symbol marks and its buy-and-hold point, to store.
        public var market: SymbolMarks?
        public var baseline: EquityPoint?
    }

    /// Applies `event`.
    public func apply(_ event: ReporterEvent) throws -> Applied {
        let record = try RecordedEvent.of(event, decisionOf: { decisionOf[$0] })
        if let record, !applied.insert("\(record.entry.kind.rawValue) \(record.entry.ref)").inserted { return Applied() }
        var nav: [(ModelID, EquityPoint)] = []
        var reports: [PeriodReport] = []
        var latest: AccountState?
        var market: SymbolMarks?, baseline: EquityPoint?
        switch event {
        case .bar(let bar):
            let before = lastPoints()
            guard book.mark(bar) else { break }
            nav = changedPoints(since: before)
            market = book.symbols[bar.symbol]
            baseline = book.buyAndHold[bar.symbol]?.last
            reports = reportClock.advance(to: bar.closeTime.nanoseconds / 1_000_000).map { PeriodReport(book, period: $0.period, start: $0.start) }
        case .account(let account):
            let before = lastPoints()
            if book.record(account) { latest = account }
            nav = changedPoints(since: before)
        case .decision(let decision): book.record(decision)
        case .verdict(let verdict): book.record(verdict)
        case .order(let order): decisionOf[order.order.clientOrderID] = order.order.source
        case .fill(let fill): try book.record(fill)
        case .funding: break
        case .tradingState(let change): tradingStates[change.modelID?.value ?? "arena"] = change
        case .heartbeat(let beat): pulse(beat)
        case .alert(let alert):
            alerts.append(alert)
            if alerts.count > Self.recentAlerts { alerts.removeFirst(alerts.count - Self.recentAlerts) }
            pulses[alert.source.value]?.alerts += 1
        }
        if case .heartbeat = event {} else { version += 1 }
        return Applied(record: record, nav: nav, reports: reports, account: latest, market: market, baseline: baseline)
    }

    /// Continues the report clock after the periods already reported (at start).
    public func resumeReports(after reported: [ReportPeriod: Int64]) {
        reportClock = ReportClock(resumingAfter: reported)
    }

    /// Counts a message from `service` (message rates on the services page).
    public func countMessage(from service: String) {
        pulses[service]?.messages += 1
    }

    private func pulse(_ beat: Heartbeat) {
        let name = beat.service.value
        var pulse = pulses[name] ?? ServicePulse(
            service: name, instance: beat.instance, state: beat.state.rawValue, lastHeartbeatMilliseconds: 0, uptimeSeconds: 0,
            intervalMilliseconds: beat.intervalMilliseconds, messages: 0, alerts: 0
        )
        let sentAt = beat.sentAt.nanoseconds / 1_000_000
        if let before = pulse.cpuSeconds, let now = beat.cpuSeconds, pulse.instance == beat.instance, sentAt > pulse.lastHeartbeatMilliseconds {
            pulse.cpuShare = max(0, now - before) / (Double(sentAt - pulse.lastHeartbeatMilliseconds) / 1_000)
        }
        if sentAt > pulse.lastHeartbeatMilliseconds, pulse.lastHeartbeatMilliseconds > 0 {
            pulse.messagesPerSecond = Double(pulse.messages - pulse.messagesAtLastBeat) / (Double(sentAt - pulse.lastHeartbeatMilliseconds) / 1_000)
        }
        pulse.messagesAtLastBeat = pulse.messages
        pulse.cpuSeconds = beat.cpuSeconds
        pulse.residentMemoryBytes = beat.residentMemoryBytes
        pulse.instance = beat.instance
        pulse.state = beat.state.rawValue
        pulse.lastHeartbeatMilliseconds = sentAt
        pulse.uptimeSeconds = beat.uptimeSeconds
        pulse.intervalMilliseconds = beat.intervalMilliseconds
        pulses[name] = pulse
    }

    private func lastPoints() -> [ModelID: EquityPoint] {
        book.models.compactMapValues(\.nav.last)
    }

    private func changedPoints(since before: [ModelID: EquityPoint]) -> [(ModelID, EquityPoint)] {
        book.models.compactMap { id, record in
            guard let last = record.nav.last, last != before[id] else { return nil }
            return (id, last)
        }
    }

    /// Each model's latest account as stored (no NAV point: the curves are restored already).
    public func restore(accounts: [AccountState]) {
        book.restore(accounts: accounts)
    }

    /// Each symbol's stored marks and buy-and-hold curve (at start, before any event).
    public func restore(marks: [SymbolMarks], baselines: [Symbol: [EquityPoint]]) {
        book.restore(marks: marks, baselines: baselines)
        version += 1
    }

    /// Each model's stored NAV curve (at start, before any event).
    public func restore(nav: [ModelID: [EquityPoint]]) {
        book.restore(nav: nav)
        version += 1
    }

    /// The bytes `make` renders for `key`, made again only when the state changed since.
    public func cached(_ key: String, _ make: @Sendable (isolated ReporterState) throws -> [UInt8]) rethrows -> [UInt8] {
        if let hit = cache[key], hit.version == version { return hit.bytes }
        let bytes = try make(self)
        cache[key] = (version, bytes)
        return bytes
    }

    /// The decision an order belongs to.
    public func decision(of order: ClientOrderID) -> String? { decisionOf[order] }
}
