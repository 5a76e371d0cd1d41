import ArenaCore

/// The regime classifier's settings as configuration: thresholds and window
/// lengths. Validated when a ``SymbolFeatureState`` is built, so a bad value
/// is a configuration error rather than a precondition failure at start-up.
public struct RegimeSettings: Sendable, Hashable {
    /// The rule thresholds.
    public var thresholds: RegimeThresholds
    /// Bars in the efficiency window and the breakout range (≥ 2).
    public var rangeBars: Int
    /// Bars of the short volume average (≥ 1).
    public var shortVolumeBars: Int
    /// Bars of the long volume average (> `shortVolumeBars`).
    public var longVolumeBars: Int

    /// The seed system's defaults (see ``RegimeClassifier``).
    public init(thresholds: RegimeThresholds = RegimeThresholds(), rangeBars: Int = 20, shortVolumeBars: Int = 5, longVolumeBars: Int = 20) {
        self.thresholds = thresholds
        self.rangeBars = rangeBars
        self.shortVolumeBars = shortVolumeBars
        self.longVolumeBars = longVolumeBars
    }

    /// A classifier with these settings, or why they are out of range.
    func makeClassifier() throws(FeatureConfigurationError) -> RegimeClassifier {
        guard rangeBars >= 2 else { throw .invalidRegimeSettings("rangeBars must be at least 2, got \(rangeBars)") }
        guard shortVolumeBars >= 1 else { throw .invalidRegimeSettings("shortVolumeBars must be at least 1, got \(shortVolumeBars)") }
        guard longVolumeBars > shortVolumeBars else {
            throw .invalidRegimeSettings("longVolumeBars (\(longVolumeBars)) must exceed shortVolumeBars (\(shortVolumeBars))")
        }
        // The window lengths allocate ring buffers; the same bound as indicator periods.
        guard rangeBars <= 1_000_000, longVolumeBars <= 1_000_000 else {
            throw .invalidRegimeSettings("window lengths must be at most 1000000 bars")
        }
        return RegimeClassifier(
            thresholds: thresholds, rangeBars: rangeBars, shortVolumeBars: shortVolumeBars, longVolumeBars: longVolumeBars
        )
    }
}

/// Where, in an ``IndicatorSet``'s row, the regime classifier's inputs are:
/// the first `adx`, `bbands` and `atrpct` items of the list.
///
/// The classifier does not compute these itself so that the regime a model
/// is shown agrees with the indicator values it is shown next to.
struct RegimeColumns: Sendable, Hashable {
    let adx: Int
    let bollingerUpper: Int, bollingerMiddle: Int, bollingerLower: Int
    let atrPercentile: Int

    /// Finds the columns in `specs`; throws naming every missing indicator.
    init(specs: [IndicatorSpec], list: String) throws(FeatureConfigurationError) {
        var adx: Int?, bollinger: Int?, atrPercentile: Int?
        var offset = 0
        for spec in specs {
            switch spec.kind {
            case .adx where adx == nil: adx = offset  // `adx_N` is the first of its three columns
            case .bollinger where bollinger == nil: bollinger = offset  // upper, middle, lower
            case .atrPercentile where atrPercentile == nil: atrPercentile = offset
            default: break
            }
            offset += spec.columns.count
        }
        guard let adx, let bollinger, let atrPercentile else {
            let missing = [("adx", adx), ("bbands", bollinger), ("atrpct", atrPercentile)].filter { $0.1 == nil }.map(\.0)
            throw .missingRegimeIndicators(list: list, missing: missing)
        }
        self.adx = adx
        bollingerUpper = bollinger
        bollingerMiddle = bollinger + 1
        bollingerLower = bollinger + 2
        self.atrPercentile = atrPercentile
    }

    /// ADX, Bollinger width `(upper − lower) / middle` and ATR percentile at the set's latest bar.
    /// The width is nil (not infinite) when the middle band is zero.
    func inputs(_ set: IndicatorSet) -> (adx: Double?, bollingerWidth: Double?, atrPercentile: Double?) {
        var width: Double?
        if let upper = set.value(at: bollingerUpper), let middle = set.value(at: bollingerMiddle),
           let lower = set.value(at: bollingerLower), middle != 0 {
            width = (upper - lower) / middle
        }
        return (set.value(at: adx), width, set.value(at: atrPercentile))
    }
}
