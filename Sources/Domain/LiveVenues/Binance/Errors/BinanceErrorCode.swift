/// Binance's documented error codes, each a case, and what each means for an order.
///
/// Sources: developers.binance.com/docs/binance-spot-api-docs/errors (spot, "Last Updated:
/// 2025-01-09") and developers.binance.com/docs/derivatives/usds-margined-futures/error-code
/// (USDⓈ-M). A code the table does not know is ``undocumented(_:)`` and classified
/// ``BinanceOutcome/unknown`` (any doubt: query, never resend).
public enum BinanceErrorCode: Sendable, Hashable {
    // 10xx — general server or network issues
    case unknown, disconnected, unauthorized, tooManyRequests, unexpectedResponse, timeout, serverBusy
    case errorMessageReceived, invalidMessage, unknownOrderComposition, tooManyOrders, serviceShuttingDown
    case unsupportedOperation, invalidTimestamp, invalidSignature
    // 11xx — request issues
    case illegalChars, tooManyParameters, mandatoryParamEmptyOrMalformed, unknownParam, unreadParameters
    case paramEmpty, paramNotRequired, badPrecision, noDepth, tifNotRequired, invalidTIF, invalidOrderType
    case invalidSide, emptyNewClientOrderID, emptyOrigClientOrderID, badInterval, badSymbol, invalidListenKey
    case invalidParameter, invalidJSON
    // 20xx — order and key issues
    case newOrderRejected, cancelRejected, noSuchOrder, badAPIKeyFormat, rejectedMBXKey, noTradingWindow
    case balanceNotSufficient, marginNotSufficient, unableToFill, orderWouldImmediatelyTrigger, reduceOnlyRejected
    case maxOpenOrderExceeded, orderArchived
    // 4xxx — USDⓈ-M filter and parameter failures
    case priceLessThanZero, priceGreaterThanMaxPrice, quantityLessThanZero, quantityLessThanMinQty
    case quantityGreaterThanMaxQty, priceLessThanMinPrice, priceNotIncreasedByTickSize, quantityNotIncreasedByStepSize
    case minNotional, duplicateClientOrderID
    /// A code not in the table.
    case undocumented(Int)

    /// The code ↔ case table: one row a documented code.
    static let table: [(Int, BinanceErrorCode)] = [
        (-1000, .unknown), (-1001, .disconnected), (-1002, .unauthorized), (-1003, .tooManyRequests),
        (-1006, .unexpectedResponse), (-1007, .timeout), (-1008, .serverBusy), (-1010, .errorMessageReceived),
        (-1013, .invalidMessage), (-1014, .unknownOrderComposition), (-1015, .tooManyOrders), (-1016, .serviceShuttingDown),
        (-1020, .unsupportedOperation), (-1021, .invalidTimestamp), (-1022, .invalidSignature),
        (-1100, .illegalChars), (-1101, .tooManyParameters), (-1102, .mandatoryParamEmptyOrMalformed), (-1103, .unknownParam),
        (-1104, .unreadParameters), (-1105, .paramEmpty), (-1106, .paramNotRequired), (-1111, .badPrecision),
        (-1112, .noDepth), (-1114, .tifNotRequired), (-1115, .invalidTIF), (-1116, .invalidOrderType), (-1117, .invalidSide),
        (-1118, .emptyNewClientOrderID), (-1119, .emptyOrigClientOrderID), (-1120, .badInterval), (-1121, .badSymbol),
        (-1125, .invalidListenKey), (-1130, .invalidParameter), (-1135, .invalidJSON),
        (-2010, .newOrderRejected), (-2011, .cancelRejected), (-2013, .noSuchOrder), (-2014, .badAPIKeyFormat),
        (-2015, .rejectedMBXKey), (-2016, .noTradingWindow), (-2018, .balanceNotSufficient), (-2019, .marginNotSufficient),
        (-2020, .unableToFill), (-2021, .orderWouldImmediatelyTrigger), (-2022, .reduceOnlyRejected),
        (-2025, .maxOpenOrderExceeded), (-2026, .orderArchived),
        (-4001, .priceLessThanZero), (-4002, .priceGreaterThanMaxPrice), (-4003, .quantityLessThanZero),
        (-4004, .quantityLessThanMinQty), (-4005, .quantityGreaterThanMaxQty), (-4013, .priceLessThanMinPrice),
        (-4014, .priceNotIncreasedByTickSize), (-4023, .quantityNotIncreasedByStepSize), (-4116, .duplicateClientOrderID), (-4164, .minNotional),
    ]

    private static let byCode = Dictionary(uniqueKeysWithValues: table)
    private static let byCase = Dictionary(uniqueKeysWithValues: table.map { ($0.1, $0.0) })

    /// The case for a numeric code.
    public init(code: Int) { self = Self.byCode[code] ?? .undocumented(code) }

    /// The numeric code.
    public var code: Int {
        if case .undocumented(let code) = self { return code }
        return Self.byCase[self] ?? 0
    }

    /// What the code says about an order the request carried.
    public var outcome: BinanceOutcome {
        switch self {
        // The docs: "Execution status unknown" (-1006, -1007); an internal error or an unknown code may
        // have been processed too — resolve by querying.
        case .unknown, .disconnected, .unexpectedResponse, .timeout, .serverBusy, .undocumented: .unknown
        case .tooManyRequests, .tooManyOrders: .retryAfter(nil)
        case .invalidTimestamp: .clockSkew
        default: .rejected
        }
    }
}

/// What a failed request means for the order it carried (or the order it asked about).
public enum BinanceOutcome: Sendable, Hashable {
    /// Definitely not placed (or not cancelled): the venue refused it, or it was never sent.
    case rejected
    /// The order may exist: query it by its client order id, never send it again.
    case unknown
    /// Rate limited: nothing was done; send nothing before the delay (nil: the venue gave none).
    case retryAfter(Duration?)
    /// -1021: the timestamp was outside `recvWindow`; not placed. The server time is measured again.
    case clockSkew
}
