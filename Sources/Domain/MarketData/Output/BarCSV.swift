import ArenaCore

/// The bar CSV written by `arena bars`: `open_time_ms,open,high,low,close,volume`.
///
/// Decimals use ``FixedDecimal``'s canonical text (no exponent, no trailing
/// zeros), so two equal bars always produce byte-identical lines and files can
/// be compared with `diff`.
public enum BarCSV {
    /// The header line, without its newline.
    public static let header = "open_time_ms,open,high,low,close,volume"

    /// One data line, without its newline.
    public static func line(_ bar: Bar) -> String {
        "\(bar.openTime.milliseconds),\(bar.open),\(bar.high),\(bar.low),\(bar.close),\(bar.volume)"
    }

    /// The whole document: header, one line per bar, each ending in `\n`.
    public static func document(_ bars: [Bar]) -> String {
        var text = header + "\n"
        text.reserveCapacity(bars.count * 64)
        for bar in bars {
            text += line(bar)
            text += "\n"
        }
        return text
    }
}
