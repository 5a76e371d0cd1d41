import ArenaCore

extension OrderFlowBook {
    /// Moves the clock to `time`, expiring what leaves each window.
    ///
    /// A time in an earlier second than the clock's is refused; a time earlier
    /// within the clock's second leaves the clock where it is.
    public mutating func advance(to time: Timestamp) throws(OrderFlowError) {
        guard let clock else { return begin(at: time) }
        let target = Self.secondIndex(time)
        guard target >= second else { throw .outOfOrder(eventTime: time, clock: clock) }
        if target > second { moveSeconds(to: target) }
        if time > clock { self.clock = time }
    }

    /// Closes buckets from the current second up to `target`, sampling the
    /// 30-minute CVD at every minute end crossed.
    private mutating func moveSeconds(to target: Int64) {
        let steps = Int(clamping: target - second)
        whales.close(steps: steps)
        liquidated.close(steps: steps)
        let minutes = Int(clamping: floorDiv(target, 60) - floorDiv(second, 60))
        flow4h.close(steps: minutes)
        flow24h.close(steps: minutes)
        notionals.advance(hours: Int(clamping: floorDiv(target, 3600) - floorDiv(second, 3600)))
        large.expire(before: target)
        moveFlow30m(to: target)
        second = target
    }

    private mutating func moveFlow30m(to target: Int64) {
        var s = second
        while s < target {
            let minuteEnd = floorDiv(s, 60) * 60 + 59
            guard minuteEnd < target else { break }
            flow30m.close(steps: Int(minuteEnd - s))
            trend.record(minute: floorDiv(minuteEnd, 60), cvd: flow30m.total.cvd, complete: covers(fromSecond: minuteEnd - 1799))
            flow30m.close()
            s = minuteEnd + 1
            // Once no trade is left in any 30-minute window ahead, every later sample is 0:
            // record only the last ones the trend can use, not one per quiet minute.
            if lastFlowSecond <= s - 1800 {
                let first = floorDiv(s, 60), last = floorDiv(target, 60) - 1
                if last >= first {
                    for m in max(first, last - Int64(2 * trend.lag))...last {
                        trend.record(minute: m, cvd: .zero, complete: covers(fromSecond: m * 60 + 59 - 1799))
                    }
                }
                break
            }
        }
        flow30m.close(steps: Int(clamping: target - s))
    }

    /// Whether the book has observed everything since the start of second `first`.
    func covers(fromSecond first: Int64) -> Bool {
        guard let origin else { return false }
        return origin.nanoseconds <= first &* 1_000_000_000
    }

    /// Whether a window of `span` buckets of `width` seconds, at the clock, lies within observed time.
    func isWarm(span: Int64, width: Int64) -> Bool {
        covers(fromSecond: (floorDiv(second, width) - span + 1) * width)
    }
}
