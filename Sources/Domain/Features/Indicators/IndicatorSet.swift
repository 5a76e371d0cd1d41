import ArenaCore

/// Several indicators fed from one bar stream, with their outputs as named
/// columns (see ``IndicatorSpec`` for the names).
///
/// Each indicator type lives in its own array and is updated in place, so an
/// update is a few tight loops without dynamic dispatch or copy-on-write.
public struct IndicatorSet: Sendable {
    /// The items, in the order given.
    public let specs: [IndicatorSpec]
    /// Every output column, in item order.
    public let columns: [String]
    /// The latest output of every column; NaN during warm-up (use ``value(at:)`` for an optional).
    public private(set) var row: [Double]

    private var sma = Lane<SMA>(), ema = Lane<EMA>(), wma = Lane<WMA>(), rsi = Lane<RSI>(), atr = Lane<ATR>()
    private var bollinger = Lane<BollingerBands>(), macd = Lane<MACD>(), adx = Lane<ADX>()
    private var stochastic = Lane<Stochastic>(), obv = Lane<OBV>(), vwap = Lane<RollingVWAP>()
    private var volatility = Lane<RealisedVolatility>(), atrPercentile = Lane<ATRPercentile>(), emaCross = Lane<EMACross>()

    /// Parses `list` (e.g. `ema:21,rsi:14,bbands:20:2`) into a set.
    public init(parsing list: String) throws(IndicatorSpecError) {
        self.init(specs: try IndicatorSpec.parseList(list))
    }

    /// A set of the given (already validated) items.
    public init(specs: [IndicatorSpec]) {
        self.specs = specs
        columns = specs.flatMap(\.columns)
        row = Array(repeating: .nan, count: columns.count)
        var offset = 0
        for spec in specs {
            switch spec.kind {
            case .sma(let n): sma.add(SMA(period: n), at: offset)
            case .ema(let n): ema.add(EMA(period: n), at: offset)
            case .wma(let n): wma.add(WMA(period: n), at: offset)
            case .rsi(let n): rsi.add(RSI(period: n), at: offset)
            case .atr(let n): atr.add(ATR(period: n), at: offset)
            case .bollinger(let n, let k): bollinger.add(BollingerBands(period: n, deviations: k), at: offset)
            case .macd(let f, let s, let g): macd.add(MACD(fast: f, slow: s, signal: g), at: offset)
            case .adx(let n): adx.add(ADX(period: n), at: offset)
            case .stochastic(let k, let sk, let sd): stochastic.add(Stochastic(fastK: k, slowK: sk, slowD: sd), at: offset)
            case .obv: obv.add(OBV(), at: offset)
            case .vwap(let n): vwap.add(RollingVWAP(period: n), at: offset)
            case .realisedVolatility(let n, let p): volatility.add(RealisedVolatility(period: n, periodsPerYear: p), at: offset)
            case .atrPercentile(let n, let w): atrPercentile.add(ATRPercentile(atrPeriod: n, window: w), at: offset)
            case .emaCross(let f, let s): emaCross.add(EMACross(fast: f, slow: s), at: offset)
            }
            offset += spec.columns.count
        }
    }

    /// Feeds one closed bar to every indicator and refreshes ``row``.
    public mutating func update(_ bar: Bar) { update(BarPrices(bar)) }

    /// Feeds one closed bar, already in `Double`, to every indicator and refreshes ``row``.
    public mutating func update(_ bar: BarPrices) {
        sma.update(bar, &row)
        ema.update(bar, &row)
        wma.update(bar, &row)
        rsi.update(bar, &row)
        atr.update(bar, &row)
        bollinger.update(bar, &row)
        macd.update(bar, &row)
        adx.update(bar, &row)
        stochastic.update(bar, &row)
        obv.update(bar, &row)
        vwap.update(bar, &row)
        volatility.update(bar, &row)
        atrPercentile.update(bar, &row)
        emaCross.update(bar, &row)
    }

    /// The latest value of column `index`; nil during warm-up.
    public func value(at index: Int) -> Double? { row[index].isNaN ? nil : row[index] }
}

/// An indicator that writes its outputs into consecutive cells of a row, NaN while it has none.
protocol ColumnWriting: Indicator {
    func write(_ row: inout [Double], at offset: Int)
}

/// All indicators of one type in a set, each with the row offset of its first column.
private struct Lane<I: ColumnWriting>: Sendable {
    var items: [I] = []
    var offsets: [Int] = []

    mutating func add(_ item: I, at offset: Int) {
        items.append(item)
        offsets.append(offset)
    }

    mutating func update(_ bar: BarPrices, _ row: inout [Double]) {
        for i in items.indices {
            items[i].update(bar)
            items[i].write(&row, at: offsets[i])
        }
    }
}

extension ColumnWriting where Value == Double {
    func write(_ row: inout [Double], at offset: Int) { row[offset] = value ?? .nan }
}

extension SMA: ColumnWriting {}
extension EMA: ColumnWriting {}
extension WMA: ColumnWriting {}
extension RSI: ColumnWriting {}
extension ATR: ColumnWriting {}
extension OBV: ColumnWriting {}
extension RollingVWAP: ColumnWriting {}
extension RealisedVolatility: ColumnWriting {}
extension ATRPercentile: ColumnWriting {}
extension EMACross: ColumnWriting {}

/// A multi-output value, read column by column in ``IndicatorSpec`` column order.
protocol ColumnValues {
    static var width: Int { get }
    subscript(column column: Int) -> Double { get }
}

extension ColumnWriting where Value: ColumnValues {
    func write(_ row: inout [Double], at offset: Int) {
        for i in 0..<Value.width { row[offset + i] = value?[column: i] ?? .nan }
    }
}

extension BollingerBands: ColumnWriting {}
extension MACD: ColumnWriting {}
extension Stochastic: ColumnWriting {}

extension BollingerBands.Value: ColumnValues {
    static var width: Int { 3 }
    subscript(column column: Int) -> Double { column == 0 ? upper : column == 1 ? middle : lower }
}

extension MACD.Value: ColumnValues {
    static var width: Int { 3 }
    subscript(column column: Int) -> Double { column == 0 ? macd : column == 1 ? signal : histogram }
}

extension Stochastic.Value: ColumnValues {
    static var width: Int { 2 }
    subscript(column column: Int) -> Double { column == 0 ? k : d }
}

extension ADX: ColumnWriting {
    /// `adx_N`, then `plus_di_N` and `minus_di_N`, which start n−1 bars earlier.
    func write(_ row: inout [Double], at offset: Int) {
        row[offset] = value?.adx ?? .nan
        row[offset + 1] = directional?.plus ?? .nan
        row[offset + 2] = directional?.minus ?? .nan
    }
}
