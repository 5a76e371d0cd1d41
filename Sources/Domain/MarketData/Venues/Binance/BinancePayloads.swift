/// Binance stream payloads as they arrive, field names as documented.
/// Decimals stay strings here; ``BinanceStreamDecoder`` converts them exactly.

/// `<symbol>@aggTrade`, and a row of a REST `aggTrades` page (which names no symbol).
struct BinanceAggTradePayload: Decodable {
    let symbol: String?
    let aggregateID: Int64
    let price: String
    let quantity: String
    let tradeTime: Int64
    let buyerIsMaker: Bool
    enum CodingKeys: String, CodingKey {
        case symbol = "s", aggregateID = "a", price = "p", quantity = "q", tradeTime = "T", buyerIsMaker = "m"
    }
}

/// `<symbol>@trade` (USDⓈ-M adds `X`, the trade's origin).
struct BinanceTradePayload: Decodable {
    let symbol: String
    let tradeID: Int64
    let price: String
    let quantity: String
    let tradeTime: Int64
    let buyerIsMaker: Bool
    enum CodingKeys: String, CodingKey {
        case symbol = "s", tradeID = "t", price = "p", quantity = "q", tradeTime = "T", buyerIsMaker = "m"
    }
}

/// `<symbol>@kline_<interval>`: the bar sits in `k`.
struct BinanceKlinePayload: Decodable {
    let symbol: String
    let kline: Kline
    enum CodingKeys: String, CodingKey { case symbol = "s", kline = "k" }

    struct Kline: Decodable {
        let openTime: Int64
        let interval: String
        let open: String
        let high: String
        let low: String
        let close: String
        let volume: String
        let tradeCount: Int64
        let isClosed: Bool
        let quoteVolume: String
        let takerBuyVolume: String
        enum CodingKeys: String, CodingKey {
            case openTime = "t", interval = "i", open = "o", high = "h", low = "l", close = "c", volume = "v"
            case tradeCount = "n", isClosed = "x", quoteVolume = "q", takerBuyVolume = "V"
        }
    }
}

/// `<symbol>@bookTicker`: spot has only `u,s,b,B,a,A`; USDⓈ-M adds `e,E,T`.
struct BinanceBookTickerPayload: Decodable {
    let updateID: Int64
    let symbol: String
    let bidPrice: String
    let bidQuantity: String
    let askPrice: String
    let askQuantity: String
    let eventTime: Int64?
    enum CodingKeys: String, CodingKey {
        case updateID = "u", symbol = "s", bidPrice = "b", bidQuantity = "B", askPrice = "a", askQuantity = "A"
        case eventTime = "E"
    }
}

/// One `[price, quantity]` pair; old spot frames carry a third, ignored element.
struct BinanceLevelPayload: Decodable {
    let price: String
    let quantity: String
    init(from decoder: any Decoder) throws {
        var c = try decoder.unkeyedContainer()
        price = try c.decode(String.self)
        quantity = try c.decode(String.self)
    }
}

/// `<symbol>@depth…`: spot `U,u`; USDⓈ-M adds `pu` and `T`.
struct BinanceDepthUpdatePayload: Decodable {
    let eventTime: Int64
    let symbol: String
    let firstUpdateID: Int64
    let finalUpdateID: Int64
    let previousFinalUpdateID: Int64?
    let bids: [BinanceLevelPayload]
    let asks: [BinanceLevelPayload]
    enum CodingKeys: String, CodingKey {
        case eventTime = "E", symbol = "s", firstUpdateID = "U", finalUpdateID = "u", previousFinalUpdateID = "pu"
        case bids = "b", asks = "a"
    }
}

/// REST `depth` body, also a line of the capture files (USDⓈ-M adds `E,T`).
struct BinanceDepthSnapshotPayload: Decodable {
    let lastUpdateID: Int64
    let eventTime: Int64?
    let bids: [BinanceLevelPayload]
    let asks: [BinanceLevelPayload]
    enum CodingKeys: String, CodingKey { case lastUpdateID = "lastUpdateId", eventTime = "E", bids, asks }
}

/// `<symbol>@forceOrder`: the liquidation order sits in `o`.
struct BinanceForceOrderPayload: Decodable {
    let order: Order
    enum CodingKeys: String, CodingKey { case order = "o" }

    struct Order: Decodable {
        let symbol: String
        let side: String
        let quantity: String
        let price: String
        let averagePrice: String?
        let tradeTime: Int64
        enum CodingKeys: String, CodingKey {
            case symbol = "s", side = "S", quantity = "q", price = "p", averagePrice = "ap", tradeTime = "T"
        }
    }
}

/// `<symbol>@markPrice`: mark `p`, index `i`, funding rate `r`, next funding time `T`.
struct BinanceMarkPricePayload: Decodable {
    let eventTime: Int64
    let symbol: String
    let markPrice: String
    let indexPrice: String
    let fundingRate: String
    let nextFundingTime: Int64
    enum CodingKeys: String, CodingKey {
        case eventTime = "E", symbol = "s", markPrice = "p", indexPrice = "i", fundingRate = "r", nextFundingTime = "T"
    }
}

/// Binance's error body, REST (`{"code":-1121,"msg":"Invalid symbol."}`) and WS (inside `error`).
public struct BinanceAPIError: Error, Sendable, Equatable, Decodable, CustomStringConvertible {
    /// Binance's error code, negative for REST (`-1121` invalid symbol, `-1003` too many requests).
    public var code: Int
    /// Binance's message.
    public var msg: String

    /// Creates an error body.
    public init(code: Int, msg: String) {
        self.code = code
        self.msg = msg
    }

    public var description: String { "Binance error \(code): \(msg)" }
}
