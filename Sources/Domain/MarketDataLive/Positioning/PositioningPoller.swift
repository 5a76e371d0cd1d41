import ArenaCore
import Logging
import MarketData
import Synchronization

/// Polls the Binance USDⓈ-M positioning statistics of every symbol and hands
/// each period's point on once, as a ``Positioning`` (spec §3).
///
/// - **When.** Once at start (the venue's newest point, so a restart has them
///   at once), then at every period boundary plus the schedule's delay
///   (``PositioningSchedule``), on `clock`.
/// - **What.** Per symbol, the latest point of each of the three endpoints
///   through the ``BinanceRESTClient``: weight 0, within their own request
///   budget per 5 minutes; a 429/418 blocks and is retried by the client.
/// - **The point.** Its time is the newest any statistic has. A statistic
///   behind it (the venue has not published it yet) or whose request failed
///   is asked again every retry interval until the three agree or the
///   patience runs out; the point is then handed on with the statistics it
///   has, the others absent and counted missing, never defaulted.
/// - **Once.** A point no newer than the last one handed on for its symbol
///   is not handed on again (``PositioningError/noNewPoint(symbol:latest:)``).
/// - **Errors** are typed (``PositioningError``), logged and counted
///   (``counters``); nothing is thrown out of ``run(_:)``.
public final class PositioningPoller: Sendable {
    /// The venue points are stamped with.
    public let venue: VenueID
    /// The perpetuals polled.
    public let symbols: [Symbol]
    /// When it asks.
    public let schedule: PositioningSchedule
    private let rest: BinanceRESTClient
    private let clock: any ArenaClock
    private let logger: Logger
    private let state = Mutex(State())

    private struct State {
        var lastPublished: [Symbol: Timestamp] = [:]
        var counters: [String: Int64] = [:]
    }

    /// A poller of `symbols` through `rest` (a USDⓈ-M client).
    public init(
        venue: VenueID, symbols: [Symbol], rest: BinanceRESTClient, schedule: PositioningSchedule = PositioningSchedule(),
        clock: any ArenaClock = WallClock(), logger: Logger = Logger(label: "arena.marketdata.positioning")
    ) {
        self.venue = venue
        self.symbols = symbols
        self.rest = rest
        self.schedule = schedule
        self.clock = clock
        self.logger = logger
    }

    /// `positioning_published`, `positioning_requests`, and one counter per
    /// kind of error (``PositioningError/counter``).
    public var counters: [String: Int64] { state.withLock { $0.counters } }

    /// The time of the last point handed on for `symbol`.
    public func lastPublished(_ symbol: Symbol) -> Timestamp? { state.withLock { $0.lastPublished[symbol] } }

    /// Polls at once and then on the schedule until cancelled, handing every new point to `deliver`.
    public func run(_ deliver: @escaping @Sendable (Positioning) async -> Void) async {
        while !Task.isCancelled {
            await poll(deliver)
            do { try await clock.sleep(until: schedule.nextPoll(after: clock.now())) } catch { return }
        }
    }

    /// One poll of every symbol, side by side, each asking until it has its
    /// point or the schedule's patience from now runs out.
    public func poll(_ deliver: @escaping @Sendable (Positioning) async -> Void) async {
        let deadline = clock.now().advanced(by: schedule.patience)
        await withTaskGroup(of: Void.self) { group in
            for symbol in symbols {
                group.addTask { await self.poll(symbol, until: deadline, deliver) }
            }
        }
    }

    private func poll(_ symbol: Symbol, until deadline: Timestamp, _ deliver: @Sendable (Positioning) async -> Void) async {
        let last = lastPublished(symbol)
        var found = PositioningPoints()
        while true {
            for statistic in found.toAsk(after: last) { await fetch(statistic, symbol, into: &found) }
            if found.isComplete(after: last) { break }
            let next = clock.now().advanced(by: schedule.retryInterval)
            guard next <= deadline, (try? await clock.sleep(until: next)) != nil else { break }
        }
        guard let time = found.newest, last.map({ time > $0 }) ?? true else {
            return record(.noNewPoint(symbol: symbol, latest: found.newest))
        }
        for statistic in PositioningStatistic.allCases where found.time(of: statistic) != time {
            record(.missing(statistic, symbol: symbol, time: time))
        }
        let fresh = state.withLock { s -> Bool in
            guard s.lastPublished[symbol].map({ time > $0 }) ?? true else { return false }
            s.lastPublished[symbol] = time
            s.counters["positioning_published", default: 0] += 1
            return true
        }
        if fresh { await deliver(found.positioning(venue: venue, symbol: symbol, at: time)) }
    }

    /// Asks for the latest point of `statistic`; a failure is recorded and leaves `found` as it was.
    private func fetch(_ statistic: PositioningStatistic, _ symbol: Symbol, into found: inout PositioningPoints) async {
        state.withLock { $0.counters["positioning_requests", default: 0] += 1 }
        do throws(BinanceRESTError) {
            switch statistic {
            case .openInterest: found.take(try await rest.openInterestHistory(symbol: symbol).last)
            case .longShortRatio: found.take(longShort: try await rest.longShortAccountRatio(symbol: symbol).last)
            case .topTraderLongShare: found.take(top: try await rest.topTraderAccountRatio(symbol: symbol).last)
            }
        } catch {
            record(.request(statistic, symbol: symbol, error))
        }
    }

    private func record(_ error: PositioningError) {
        state.withLock { $0.counters[error.counter, default: 0] += 1 }
        logger.warning("positioning statistics", metadata: ["problem": "\(error.counter)", "error": "\(error)"])
    }
}

/// The latest point of each statistic found so far for one symbol in one poll.
struct PositioningPoints {
    var openInterest: BinanceOpenInterestPoint?
    var longShort: BinanceAccountRatioPoint?
    var top: BinanceAccountRatioPoint?

    /// Keeps a newer open-interest point (nil: the venue had none).
    mutating func take(_ point: BinanceOpenInterestPoint?) {
        if let point, openInterest.map({ point.time >= $0.time }) ?? true { openInterest = point }
    }

    /// Keeps a newer long/short ratio point.
    mutating func take(longShort point: BinanceAccountRatioPoint?) {
        if let point, longShort.map({ point.time >= $0.time }) ?? true { longShort = point }
    }

    /// Keeps a newer top-trader point.
    mutating func take(top point: BinanceAccountRatioPoint?) {
        if let point, top.map({ point.time >= $0.time }) ?? true { top = point }
    }

    func time(of statistic: PositioningStatistic) -> Timestamp? {
        switch statistic {
        case .openInterest: openInterest?.time
        case .longShortRatio: longShort?.time
        case .topTraderLongShare: top?.time
        }
    }

    /// The newest time any statistic has.
    var newest: Timestamp? { PositioningStatistic.allCases.compactMap(time(of:)).max() }

    /// What to ask (again): everything while nothing newer than `last` is
    /// there, else the statistics behind the newest.
    func toAsk(after last: Timestamp?) -> [PositioningStatistic] {
        guard let newest, last.map({ newest > $0 }) ?? true else { return PositioningStatistic.allCases }
        return PositioningStatistic.allCases.filter { time(of: $0) != newest }
    }

    /// Whether all three are at one time newer than `last`.
    func isComplete(after last: Timestamp?) -> Bool { toAsk(after: last).isEmpty }

    /// The message for `time`: the statistics at that time.
    func positioning(venue: VenueID, symbol: Symbol, at time: Timestamp) -> Positioning {
        let oi = openInterest.flatMap { $0.time == time ? $0 : nil }
        return Positioning(
            venue: venue, symbol: symbol, period: BinanceRESTClient.statisticsPeriod, openInterest: oi?.openInterest,
            openInterestValue: oi?.openInterestValue, longShortRatio: longShort.flatMap { $0.time == time ? $0.longShortRatio : nil },
            topTraderLongShare: top.flatMap { $0.time == time ? $0.longAccount : nil }, eventTime: time
        )
    }
}
