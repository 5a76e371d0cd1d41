import ArenaCore
import Foundation

/// How numbers appear in prompts: the same value always gives the same text,
/// whatever the machine's locale.
public enum PromptNumber {
    /// `x` with at most `places` decimals, trailing zeros dropped (`0.125`, `61234.5`, `-3`).
    public static func double(_ x: Double, places: Int = 6) -> String {
        guard x.isFinite else { return "n/a" }
        var text = String(format: "%.\(places)f", locale: Locale(identifier: "en_US_POSIX"), x)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// `x` as a percentage with two decimals (`1.25%`).
    public static func percent(_ x: Double) -> String { double(x * 100, places: 2) + "%" }

    /// An exact decimal as written (`61234.5`).
    public static func decimal(_ x: FixedDecimal) -> String { x.description }
}
