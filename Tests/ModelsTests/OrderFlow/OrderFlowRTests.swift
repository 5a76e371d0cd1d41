import ArenaCore
import Testing
@testable import Models

/// R accounting of seed 003 §4.4 on the seed's logged trade: BTC LONG @
/// 65,781.85, ATR 170.18, v52 (SL −510.54, TP1 +340.36, TP2 +765.81), so
/// 1R = 510.54, tp1_R = 2/3, tp2_R = 1.5, fee_R = 2 × 0.0005 × 65,781.85 / 510.54.
@Suite struct OrderFlowRTests {
    static let d = Flow.d
    static let bracket = Bracket.atr(
        entry: Flow.price, atr: Flow.atr, long: true, stop: 3, target1: 2, target2: d("4.5"), breakEven: true, timeStopSeconds: 3_600
    )!
    /// 65.78185 / 510.54, rounded half-even to 12 places.
    static let fee = d("0.128847592745")
    /// 340.36 / 510.54.
    static let tp1R = d("0.666666666667")

    @Test func theSeedsLoggedLevels() {
        #expect(Self.bracket.stopLoss == Flow.price - Self.d("510.54"))
        #expect(Self.bracket.takeProfit1 == Flow.price + Self.d("340.36"))
        #expect(Self.bracket.takeProfit2 == Flow.price + Self.d("765.81"))
    }

    @Test(arguments: [
        // TP1 then TP2: 0.5 × 2/3 + 0.5 × 1.5.
        (OrderFlowExit.takeProfit2, d("0.5") * tp1R + d("0.75")),
        // The stop before TP1: −1R.
        (.stopLoss, d("-1")),
        // TP1, then the stop at break-even: 0.5 × 2/3.
        (.breakEven, d("0.5") * tp1R),
        // A time stop 255.27 above the entry (half a risk distance): +0.5R.
        (.market(price: Flow.price + d("255.27"), afterTakeProfit1: false), d("0.5")),
        // A flip 510.54 below, after TP1: 0.5 × 2/3 − 0.5.
        (.market(price: Flow.price - d("510.54"), afterTakeProfit1: true), d("0.5") * tp1R - d("0.5")),
    ])
    func grossAndNetOfFees(exit: OrderFlowExit, gross: FixedDecimal) throws {
        let r = try OrderFlowR.result(Self.bracket, exit: exit)
        #expect(r.gross == gross)
        #expect(r.fees == Self.fee)
        #expect(r.net == gross - Self.fee)
    }

    @Test func aShortMirrorsTheLong() throws {
        let short = try #require(Bracket.atr(
            entry: Flow.price, atr: Flow.atr, long: false, stop: 3, target1: 2, target2: Self.d("4.5"), breakEven: true, timeStopSeconds: nil
        ))
        #expect(try OrderFlowR.result(short, exit: .takeProfit2) == OrderFlowR.result(Self.bracket, exit: .takeProfit2))
        #expect(try OrderFlowR.result(short, exit: .market(price: Flow.price - Self.d("255.27"), afterTakeProfit1: false)).gross == Self.d("0.5"))
    }

    @Test func feesTurnAThinGrossEdgeNegative() throws {
        // The seed's lesson: a v51 bracket (SL 1.4 ATR) on BTC pays 2 × 5 bp of 65,781.85 / 238.252 = 0.276R a trade.
        let v51 = try #require(Bracket.atr(
            entry: Flow.price, atr: Flow.atr, long: true, stop: Self.d("1.4"), target1: Self.d("1.05"), target2: Self.d("2.1"), breakEven: true,
            timeStopSeconds: nil
        ))
        let breakEven = try OrderFlowR.result(v51, exit: .breakEven)
        #expect(breakEven.gross == Self.d("0.375"))
        #expect(breakEven.fees == Self.d("0.276101984453"))
        #expect(breakEven.net.doubleValue < 0.1)
    }
}
