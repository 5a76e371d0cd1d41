import ArenaCore
import ArenaTesting
import Models
import Testing

/// `grid_trading` with its defaults on real Binance spot 5m bars (2023-04-03,
/// ETHUSDT's evening drop), snapshots made by the feature engine; every value
/// read is checked against a plain computation over the raw 1m klines. The
/// grid is stateless: each job's account says how many grids are filled
/// (NAV 10,000 USDT; one grid is 5 % of it).
@Suite(.cpuBound) struct GridTradingStrategyTests {
    typealias C = StrategyCheck
    static let eth = RealMarket.eth

    /// What grid_trading reads at bar `i` holding `held`: the close, the 20-bar 2 σ bands and their width, the grid
    /// step (middle × 0.04 / 5), the close's depth below the middle in steps, and the grids filled.
    static func reference(holding held: PositionState?) -> (At) -> [String: Double] {
        { at in
            let (r, i) = (at.reference, at.i)
            let middle = r.sma(20, at: i), sigma = r.stdev(20, at: i), step = middle * 0.04 / 5
            let notional = held.map { abs($0.quantity.doubleValue) * $0.averagePrice.doubleValue } ?? 0
            return [
                "close": r.close(i), "bbands_20_2_upper": middle + 2 * sigma, "bbands_20_2_middle": middle,
                "bbands_20_2_lower": middle - 2 * sigma, "bandwidth": 4 * sigma / middle, "grid_step": step,
                "grid_depth": (middle - r.close(i)) / step, "position_notional": notional, "nav": 10_000,
                "grid_filled": (notional / 10_000 / 0.05).rounded(),
            ]
        }
    }

    /// A long of `quantity` ETH bought at `price`.
    static func long(_ quantity: String, at price: String) -> PositionState {
        C.position(Self.eth, FixedDecimal(quantity)!, at: FixedDecimal(price)!)
    }

    /// The levels of a grid entry: target the middle band, stop one step below the last level.
    static func expectLevels(_ d: ModelDecision, _ x: [String: Double], sourceLocation: SourceLocation = #_sourceLocation) {
        let middle = x["bbands_20_2_middle"]!
        #expect(d.takeProfit == C.price(middle) && d.bracket == nil, sourceLocation: sourceLocation)
        #expect(d.stopLoss == C.price(middle * (1 - (0.04 + 0.04 / 5))), sourceLocation: sourceLocation)
    }

    /// 2023-04-03 20:10: ETH closes 1.1 steps below the middle band (bands 1.5 % wide): one grid opens.
    @Test func opensOneGridOneStepBelowTheMiddle() async throws {
        let (d, x, _) = try await C.entry("grid_trading", .spot, Self.eth, at: 1_680_552_600_000, reference: Self.reference(holding: nil))
        #expect((1..<2).contains(x["grid_depth"]!) && x["bandwidth"]! <= 0.04)
        C.expectOrder(d, .buy, .open, Self.eth, size: "0.05", at: 1_680_552_600_000)
        Self.expectLevels(d, x)
        C.expectClose(d.confidence, 0.6)
        #expect(d.rationale == "ETHUSDT: close 1809.29 1.1093 steps of 14.6039 below middle 1825.49: 1 grid(s) long, 0 held, width 0.015317")
    }

    /// 20:15, holding that grid: the close falls 2.5 steps below the middle; a second grid is added.
    @Test func addsAGridOneLevelLower() async throws {
        let held = Self.long("0.2763", at: "1809.29")
        let at = try At(.spot, Self.eth, 1_680_552_900_000)
        let x = Self.reference(holding: held)(at)
        #expect((2..<3).contains(x["grid_depth"]!) && x["grid_filled"] == 1)
        let d = try await C.decide("grid_trading", at: at.snapshot, holding: held)
        C.expectOrder(d, .buy, .add, Self.eth, size: "0.05", at: 1_680_552_900_000)
        Self.expectLevels(d, x)
        C.expectInputs(d, x)
        #expect(d.rationale == "ETHUSDT: close 1787 2.5394 steps of 14.5924 below middle 1824.06: 2 grid(s) long, 1 held, width 0.023624")
    }

    /// Holding two grids, 21:15 keeps them; at 21:20 the close is back within one step of the (lower) middle:
    /// the lower grid is sold, half the position.
    @Test func reducesWhenTheCloseRisesALevel() async throws {
        let held = Self.long("0.5527", at: "1798.1")
        let (d, x) = try await C.exit(
            "grid_trading", .spot, holding: held, before: 1_680_556_500_000, at: 1_680_556_800_000, reference: Self.reference(holding: held)
        )
        #expect((0..<1).contains(x["grid_depth"]!) && x["grid_filled"] == 2)
        C.expectOrder(d, .sell, .reduce, Self.eth, size: "0.5", at: 1_680_556_800_000)
        C.expectClose(d.confidence, 0.6)
        #expect(d.rationale == "ETHUSDT: close 1786.16 rose to depth 0.695306 below middle 1796.15: 1 grid(s) kept of 2")
    }

    /// Holding one grid, 21:40 keeps it; at 21:45 the close is above the middle band: the grid closes.
    @Test func closesWhenTheCloseIsBackAtTheMiddle() async throws {
        let held = Self.long("0.2763", at: "1798.1")
        let (d, x) = try await C.exit(
            "grid_trading", .spot, holding: held, before: 1_680_558_000_000, at: 1_680_558_300_000, reference: Self.reference(holding: held)
        )
        #expect(x["grid_depth"]! < 0)
        C.expectOrder(d, .sell, .close, Self.eth, size: "1", at: 1_680_558_300_000)
        #expect(d.rationale == "ETHUSDT: close 1790.6 rose to depth -0.210444 below middle 1787.59: 0 grid(s) kept of 1")
    }

    /// 2023-04-02 12:00: BTC is less than a step below its middle band and ETH is above its own (spot: no short grid).
    @Test func holdsWithinTheFirstStep() async throws {
        let d = try await C.expectHold("grid_trading", .spot, RealMarket.btc, at: 1_680_436_800_000, reference: Self.reference(holding: nil))
        #expect(d.rationale.hasPrefix("BTCUSDT: no grid level reached: close ") && d.rationale.contains("; ETHUSDT: "))
    }
}
