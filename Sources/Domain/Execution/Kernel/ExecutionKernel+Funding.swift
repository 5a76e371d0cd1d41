import ArenaCore

extension ExecutionKernel {
    /// Keeps `rate` in its symbol's series, in event-time order.
    mutating func store(_ rate: FundingRate) {
        var series = state.fundingRates[rate.symbol] ?? []
        let index = series.firstIndex { $0.eventTime > rate.eventTime } ?? series.endIndex
        series.insert(rate, at: index)
        state.fundingRates[rate.symbol] = series
    }

    /// How long after a boundary a venue's settlement record may be stamped (Binance's real
    /// funding times are a few milliseconds late): a rate up to this late belongs to the boundary.
    static let fundingGraceNanoseconds: Int64 = 60_000_000_000

    /// Settles every funding boundary (a multiple of the funding interval since the epoch: 00, 08
    /// and 16 UTC for 8 h) not settled yet that is more than the grace before `time`, or at most
    /// the grace before it when `time` is the stamp of that boundary's funding rate (`rate` true),
    /// so the boundary's own rate is in before it settles. The first input only starts the clock.
    mutating func settleFunding(before time: Timestamp, rate: Bool = false) {
        let interval = configuration.fundingIntervalSeconds &* 1_000_000_000
        guard interval > 0 else { return }
        guard let settled = state.settledFunding else {
            state.settledFunding = floorDiv(time.nanoseconds, interval) &* interval
            return
        }
        var boundary = settled &+ interval
        let grace = Self.fundingGraceNanoseconds
        while boundary &+ grace < time.nanoseconds || (rate && boundary <= time.nanoseconds) {
            settle(at: Timestamp(nanoseconds: boundary), interval: interval)
            state.settledFunding = boundary
            boundary = boundary &+ interval
        }
    }

    /// One settlement: each model's perpetual position pays or receives `−quantity × mark × rate`,
    /// with the latest rate stamped at or before the boundary plus the grace (not older than one interval) and its mark
    /// price when it has one, else the symbol's last price.
    mutating func settle(at boundary: Timestamp, interval: Int64) {
        for symbol in state.fundingRates.keys.sorted() {
            guard let series = state.fundingRates[symbol],
                  let index = series.lastIndex(where: { $0.eventTime.nanoseconds <= boundary.nanoseconds &+ Self.fundingGraceNanoseconds })
            else { continue }
            let rate = series[index]
            state.fundingRates[symbol] = Array(series[index...])
            guard boundary.nanoseconds &- rate.eventTime.nanoseconds < interval else { continue }
            for slot in state.ledgers.indices {
                var ledger = state.ledgers[slot]
                guard ledger.positions[symbol]?.market == .perpetual,
                      let mark = rate.markPrice ?? state.lastPrice[symbol] ?? ledger.markPrice(symbol) else { continue }
                guard let payment = try? ledger.fundingPayment(symbol: symbol, rate: rate.rate, markPrice: mark, at: boundary),
                      (try? ledger.apply(payment)) != nil else { continue }
                state.ledgers[slot] = ledger
                dirty[slot] = true
                out.append(.funding(payment))
            }
        }
    }

    private func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
