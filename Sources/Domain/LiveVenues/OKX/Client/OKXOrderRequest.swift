import ArenaCore

/// OKX's order types (`ordType`), spelled as the docs spell them.
public enum OKXOrderType: String, Sendable, Hashable, CaseIterable, Codable {
    case market
    case limit
    /// A limit order that is cancelled rather than take liquidity.
    case postOnly = "post_only"
    /// Fill or kill at the limit price.
    case fok
    /// Immediate or cancel at the limit price.
    case ioc

    /// Whether the type carries `px`.
    public var hasPrice: Bool { self != .market }
}

/// The trade mode (`tdMode`): `cash` for spot without margin, `isolated` / `cross` margin.
public enum OKXTradeMode: String, Sendable, Hashable, CaseIterable, Codable {
    case cash
    case isolated
    case cross
}

/// One order as the client is asked to place it, before the instrument's rules.
public struct OKXOrderRequest: Sendable, Hashable {
    /// `instId`: `BTC-USDT` (spot), `BTC-USDT-SWAP` (perpetual).
    public var instrumentID: Symbol
    public var tradeMode: OKXTradeMode
    public var side: Side
    public var type: OKXOrderType
    /// `sz`: base currency on spot (market orders are sent with `tgtCcy=base_ccy`), contracts on swaps.
    /// Rounded down to `lotSz` before sending.
    public var size: FixedDecimal
    /// `px` for every type but market; rounded to `tickSz` on the side that never gives a worse price.
    public var price: FixedDecimal?
    /// `clOrdId`: what makes the placement idempotent and what an unknown outcome is resolved by.
    /// OKX allows 1–32 letters and digits only.
    public var clientOrderID: ClientOrderID
    /// Swaps: only reduce a position.
    public var reduceOnly: Bool

    public init(
        instrumentID: Symbol, tradeMode: OKXTradeMode, side: Side, type: OKXOrderType, size: FixedDecimal, price: FixedDecimal? = nil,
        clientOrderID: ClientOrderID, reduceOnly: Bool = false
    ) {
        self.instrumentID = instrumentID
        self.tradeMode = tradeMode
        self.side = side
        self.type = type
        self.size = size
        self.price = price
        self.clientOrderID = clientOrderID
        self.reduceOnly = reduceOnly
    }

    /// The JSON body of `POST /api/v5/trade/order`, keys in a fixed order (the text signed is the text sent).
    /// Every value is an identifier, a keyword or a decimal: none needs escaping.
    func body(instrumentType: OKXInstrumentType) -> String {
        var fields: [(String, String)] = [
            ("instId", instrumentID.value), ("tdMode", tradeMode.rawValue), ("clOrdId", clientOrderID.value),
            ("side", side == .buy ? "buy" : "sell"), ("ordType", type.rawValue), ("sz", size.description),
        ]
        if type.hasPrice, let price { fields.append(("px", price.description)) }
        // A spot market buy's `sz` is quote currency unless told otherwise: sizes here are always base.
        if instrumentType == .spot && type == .market { fields.append(("tgtCcy", "base_ccy")) }
        if reduceOnly && instrumentType == .swap { fields.append(("reduceOnly", "true")) }
        return "{" + fields.map { "\"\($0.0)\":\"\($0.1)\"" }.joined(separator: ",") + "}"
    }

    /// Whether `id` is a valid OKX `clOrdId`: 1–32 ASCII letters and digits.
    public static func isValidClientOrderID(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 32 && id.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) }
    }
}
