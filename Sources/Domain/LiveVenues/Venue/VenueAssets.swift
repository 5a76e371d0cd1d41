import ArenaCore

/// The base and quote assets a symbol is spelled with (`BTCUSDT` → BTC, USDT): the venues' quote
/// assets end the name, so the longest known quote suffix splits it.
public enum VenueAssets {
    /// Quote assets, longest first.
    static let quotes = ["FDUSD", "USDT", "USDC", "BUSD", "TUSD", "BTC", "ETH", "BNB", "EUR", "TRY", "USD"]

    /// The base and quote of `symbol`; nil when no known quote asset ends it (or nothing is left for the base).
    public static func split(_ symbol: Symbol) -> (base: String, quote: String)? {
        let name = symbol.value.replacingOccurrences(of: "-", with: "")
        for quote in quotes where name.hasSuffix(quote) && name.count > quote.count {
            return (String(name.dropLast(quote.count)), quote)
        }
        return nil
    }
}
