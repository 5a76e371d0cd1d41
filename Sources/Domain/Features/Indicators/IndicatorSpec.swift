import Foundation

/// One item of an indicator list such as `ema:21,rsi:14,bbands:20:2,obv`:
/// a name, then its parameters separated by `:`.
///
/// | item | parameters | columns |
/// |---|---|---|
/// | `sma:N`, `ema:N`, `wma:N`, `rsi:N` | N ≥ 2 | `sma_N` … |
/// | `atr:N` | N ≥ 1 | `atr_N` |
/// | `bbands:N:K` | N ≥ 2, K > 0 standard deviations | `bbands_N_K_upper`, `_middle`, `_lower` |
/// | `macd:F:S:G` | 2 ≤ F < S, G ≥ 1 | `macd_F_S_G_macd`, `_signal`, `_hist` |
/// | `adx:N` | N ≥ 2 | `adx_N`, `plus_di_N`, `minus_di_N` |
/// | `stoch:K:SK:SD` | each ≥ 1 | `stoch_K_SK_SD_k`, `_d` |
/// | `obv` | none | `obv` |
/// | `vwap:N` | N ≥ 1 bars | `vwap_N` |
/// | `rvol:N[:P]` | N ≥ 2 returns, P > 0 bars a year | `rvol_N` (per bar) or `rvol_N_P` (annualised) |
/// | `atrpct:N:W` | ATR period N ≥ 1, window W ≥ 1 | `atrpct_N_W` |
/// | `emacross:F:S` | 2 ≤ F < S | `emacross_F_S`: +1 at a cross up, −1 at a cross down, else 0 |
///
/// Column names are `<name>_<parameters as written, joined by _>`.
public struct IndicatorSpec: Sendable, Hashable {
    /// Which indicator, with its parsed parameters.
    public enum Kind: Sendable, Hashable {
        case sma(Int), ema(Int), wma(Int), rsi(Int), atr(Int)
        case bollinger(period: Int, deviations: Double)
        case macd(fast: Int, slow: Int, signal: Int)
        case adx(Int)
        case stochastic(fastK: Int, slowK: Int, slowD: Int)
        case obv
        case vwap(Int)
        case realisedVolatility(period: Int, periodsPerYear: Double?)
        case atrPercentile(atrPeriod: Int, window: Int)
        case emaCross(fast: Int, slow: Int)
    }

    /// The parsed indicator.
    public var kind: Kind
    /// The item as written, e.g. `bbands:20:2`.
    public var text: String
    /// Output column names, one per output, in output order.
    public var columns: [String]

    /// Parses a comma-separated list; whitespace around items is ignored.
    public static func parseList(_ list: String) throws(IndicatorSpecError) -> [IndicatorSpec] {
        let items = list.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard items.contains(where: { !$0.isEmpty }) else { throw .empty }
        var specs: [IndicatorSpec] = []
        var seen: Set<String> = []
        for item in items {
            guard !item.isEmpty else { throw .emptyItem(list: list) }
            let spec = try parse(item)
            for column in spec.columns where !seen.insert(column).inserted {
                throw .duplicateColumn(item: item, column: column)
            }
            specs.append(spec)
        }
        return specs
    }

    /// Parses one item such as `macd:12:26:9`.
    public static func parse(_ item: String) throws(IndicatorSpecError) -> IndicatorSpec {
        let parts = item.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let name = parts[0].lowercased()
        let args = Array(parts.dropFirst())
        let reader = ParameterReader(item: item, args: args)
        let kind: Kind
        switch name {
        case "sma": kind = .sma(try reader.count(1).int(0, min: 2))
        case "ema": kind = .ema(try reader.count(1).int(0, min: 2))
        case "wma": kind = .wma(try reader.count(1).int(0, min: 2))
        case "rsi": kind = .rsi(try reader.count(1).int(0, min: 2))
        case "atr": kind = .atr(try reader.count(1).int(0, min: 1))
        case "adx": kind = .adx(try reader.count(1).int(0, min: 2))
        case "vwap": kind = .vwap(try reader.count(1).int(0, min: 1))
        case "obv":
            try reader.count(0)
            kind = .obv
        case "bbands":
            try reader.count(2)
            kind = .bollinger(period: try reader.int(0, min: 2), deviations: try reader.positive(1))
        case "macd":
            try reader.count(3)
            let fast = try reader.int(0, min: 2), slow = try reader.int(1, min: 2), signal = try reader.int(2, min: 1)
            guard fast < slow else { throw .badParameter(item: item, parameter: args[0], reason: "the fast period must be shorter than the slow one") }
            kind = .macd(fast: fast, slow: slow, signal: signal)
        case "stoch":
            try reader.count(3)
            kind = .stochastic(fastK: try reader.int(0, min: 1), slowK: try reader.int(1, min: 1), slowD: try reader.int(2, min: 1))
        case "rvol":
            try reader.count(1...2)
            kind = .realisedVolatility(period: try reader.int(0, min: 2), periodsPerYear: args.count == 2 ? try reader.positive(1) : nil)
        case "atrpct":
            try reader.count(2)
            kind = .atrPercentile(atrPeriod: try reader.int(0, min: 1), window: try reader.int(1, min: 1))
        case "emacross":
            try reader.count(2)
            let fast = try reader.int(0, min: 2), slow = try reader.int(1, min: 3)
            guard fast < slow else { throw .badParameter(item: item, parameter: args[0], reason: "the fast period must be shorter than the slow one") }
            kind = .emaCross(fast: fast, slow: slow)
        default:
            throw .unknownIndicator(item: item, name: parts[0])
        }
        let base = ([name] + args).joined(separator: "_")
        let columns: [String] = switch kind {
        case .bollinger: ["upper", "middle", "lower"].map { "\(base)_\($0)" }
        case .macd: ["macd", "signal", "hist"].map { "\(base)_\($0)" }
        case .stochastic: ["k", "d"].map { "\(base)_\($0)" }
        case .adx: [base, "plus_di_\(args[0])", "minus_di_\(args[0])"]
        default: [base]
        }
        return IndicatorSpec(kind: kind, text: item, columns: columns)
    }
}

/// Why an indicator list was refused; each case names the offending item.
public enum IndicatorSpecError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The list has no items.
    case empty
    /// Two commas in a row, or a trailing comma.
    case emptyItem(list: String)
    /// The name is not one of the known indicators.
    case unknownIndicator(item: String, name: String)
    /// The item has the wrong number of parameters.
    case parameterCount(item: String, expected: String, got: Int)
    /// A parameter is not a number, or out of range.
    case badParameter(item: String, parameter: String, reason: String)
    /// Two items produce a column of the same name.
    case duplicateColumn(item: String, column: String)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .empty: "the indicator list is empty"
        case .emptyItem(let list): "empty item in the indicator list '\(list)'"
        case .unknownIndicator(let item, let name):
            "'\(item)': unknown indicator '\(name)' (known: sma, ema, wma, rsi, atr, bbands, macd, adx, stoch, obv, vwap, rvol, atrpct, emacross)"
        case .parameterCount(let item, let expected, let got): "'\(item)': expected \(expected) parameter(s), got \(got)"
        case .badParameter(let item, let parameter, let reason): "'\(item)': parameter '\(parameter)' \(reason)"
        case .duplicateColumn(let item, let column): "'\(item)': column '\(column)' appears twice"
        }
    }
}

/// Reads and range-checks the parameters of one item.
private struct ParameterReader {
    let item: String
    let args: [String]

    @discardableResult
    func count(_ n: Int) throws(IndicatorSpecError) -> ParameterReader { try count(n...n) }

    @discardableResult
    func count(_ range: ClosedRange<Int>) throws(IndicatorSpecError) -> ParameterReader {
        guard range.contains(args.count) else {
            let expected = range.count == 1 ? "\(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)"
            throw .parameterCount(item: item, expected: expected, got: args.count)
        }
        return self
    }

    func int(_ i: Int, min: Int) throws(IndicatorSpecError) -> Int {
        guard let v = Int(args[i]) else { throw .badParameter(item: item, parameter: args[i], reason: "is not a whole number") }
        guard v >= min else { throw .badParameter(item: item, parameter: args[i], reason: "must be at least \(min)") }
        // Windows are allocated up front; a million bars is far beyond any useful period.
        guard v <= 1_000_000 else { throw .badParameter(item: item, parameter: args[i], reason: "must be at most 1000000") }
        return v
    }

    func positive(_ i: Int) throws(IndicatorSpecError) -> Double {
        guard let v = Double(args[i]), v.isFinite else { throw .badParameter(item: item, parameter: args[i], reason: "is not a number") }
        guard v > 0 else { throw .badParameter(item: item, parameter: args[i], reason: "must be positive") }
        return v
    }
}
