import ArenaCore
import Features

/// Decides when a decision tick may be taken: once the data up to it is in
/// for every symbol, so the snapshot is the same however events interleave.
///
/// Ticks fall on multiples of the interval since the epoch (UTC). A tick on
/// a minute boundary waits for every symbol's 1m bar closing at it (spec §4:
/// "aligned to bar close"), and on a boundary of the indicator timeframe for
/// every symbol's bar of that timeframe too, so the snapshot holds every bar
/// closing at the tick whatever order the gateway published them in (a
/// restarted engine's warm-up history orders them otherwise); a tick between
/// minute boundaries (intervals of seconds) waits for an event at or after
/// it. One lagging symbol cannot stall the arena: once any symbol's bars have
/// run a whole minute past a tick, the tick is taken with what the laggard has.
public struct TickTrigger: Sendable {
    /// Where ticks fall.
    public let schedule: DecisionSchedule
    private let symbols: [Symbol]
    /// The timeframe the indicators use (1m: nothing more to wait for).
    private let indicatorTimeframe: Timeframe
    private var barMark: [Symbol: Timestamp] = [:]
    private var indicatorMark: [Symbol: Timestamp] = [:]
    private var eventMark: [Symbol: Timestamp] = [:]
    /// The last tick taken (or skipped); nil before the first.
    public private(set) var lastTick: Timestamp?

    /// A trigger for `symbols` on `schedule`, whose snapshots use bars of `indicatorTimeframe`.
    public init(schedule: DecisionSchedule, symbols: [Symbol], indicatorTimeframe: Timeframe = .m1) {
        self.schedule = schedule
        self.symbols = symbols
        self.indicatorTimeframe = indicatorTimeframe
    }

    /// Notes an event about to be applied: data before its time is complete.
    public mutating func willApply(_ input: MarketMessage) {
        if case .bar = input { return }
        let t = input.time
        if eventMark[input.symbol].map({ t > $0 }) ?? true { eventMark[input.symbol] = t }
    }

    /// Notes an event just applied: a closed 1m bar completes its minute.
    public mutating func didApply(_ input: MarketMessage) {
        guard case let .bar(bar) = input, bar.isClosed else { return }
        if bar.timeframe == indicatorTimeframe, indicatorMark[bar.symbol].map({ input.time > $0 }) ?? true { indicatorMark[bar.symbol] = input.time }
        guard bar.timeframe == .m1 else { return }
        let close = input.time
        if barMark[bar.symbol].map({ close > $0 }) ?? true { barMark[bar.symbol] = close }
        if eventMark[bar.symbol].map({ close > $0 }) ?? true { eventMark[bar.symbol] = close }
    }

    /// The ticks now due, oldest first; each is returned once. Before the
    /// first tick only the latest boundary reached is a candidate, so a start
    /// mid-stream does not replay old ticks.
    public mutating func due() -> [Timestamp] {
        guard let reached = (Array(barMark.values) + Array(eventMark.values)).max() else { return [] }
        let out = Array(schedule.ticks(after: lastTick, upTo: reached).prefix(while: isComplete))
        if let last = out.last { lastTick = last }
        return out
    }

    private func isComplete(_ tick: Timestamp) -> Bool {
        let minute: Int64 = 60_000_000_000
        if barMark.values.contains(where: { $0.nanoseconds >= tick.nanoseconds + minute }) { return true }
        let onMinute = tick.nanoseconds % minute == 0
        let onIndicatorBar = indicatorTimeframe != .m1 && tick.nanoseconds % indicatorTimeframe.nanoseconds == 0
        return symbols.allSatisfy { symbol in
            let mark = onMinute ? barMark[symbol] : eventMark[symbol]
            guard mark.map({ $0 >= tick }) ?? false else { return false }
            return !onIndicatorBar || (indicatorMark[symbol].map { $0 >= tick } ?? false)
        }
    }
}
