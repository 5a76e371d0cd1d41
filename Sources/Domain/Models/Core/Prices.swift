import ArenaCore

extension FixedDecimal {
    /// `x` rounded half-even to `places` decimal places (at most 12): how a
    /// statistic computed in floating point (an ATR, a band) becomes a price.
    /// Nil for a value that is not finite or does not fit.
    public init?(approximating x: Double, places: Int = 8) {
        precondition((0...Self.scale).contains(places), "places must be in 0...\(Self.scale)")
        guard x.isFinite, abs(x) < 1e15 else { return nil }
        var unit = 1.0
        for _ in 0..<places { unit *= 10 }
        let scaled = (x * unit).rounded(.toNearestOrEven)
        var raw = Int128(Int64(scaled))
        for _ in places..<Self.scale { raw *= 10 }
        self.init(raw: raw)
    }
}

extension Bracket {
    /// The bracket of an entry at `entry` with the stop and targets `stop`,
    /// `target1` and `target2` ATRs away (on the losing and winning side of a
    /// long or a short), TP1 closing `fraction` and moving the stop to
    /// break-even when `breakEven`. 1R is stated for `quantity` when given.
    /// Nil when the ATR is not positive or a level would not be above zero.
    public static func atr(
        entry: FixedDecimal, atr: Double, long: Bool, stop: FixedDecimal, target1: FixedDecimal, target2: FixedDecimal?,
        fraction: FixedDecimal = FixedDecimal(raw: FixedDecimal.one.raw / 2), breakEven: Bool, timeStopSeconds: Int64?,
        riskAmount: FixedDecimal? = nil
    ) -> Bracket? {
        guard atr > 0, let unit = FixedDecimal(approximating: atr) else { return nil }
        let sign: FixedDecimal = long ? .one : FixedDecimal(-1)
        let sl = entry - sign * stop * unit
        let tp1 = entry + sign * target1 * unit
        let tp2 = target2.map { entry + sign * $0 * unit }
        guard sl.isPositive, tp1.isPositive, tp2?.isPositive ?? true else { return nil }
        return Bracket(
            entryReference: entry, stopLoss: sl, takeProfit1: tp1, takeProfit1Fraction: fraction, takeProfit2: tp2,
            breakEvenAfterTakeProfit1: breakEven, timeStopSeconds: timeStopSeconds, atr: unit, stopATR: stop, takeProfit1ATR: target1,
            takeProfit2ATR: target2, riskAmount: riskAmount
        )
    }
}
