/// OKX's documented error codes (the answer's `code`, or an order's `sCode`), each a case, and
/// what each means for an order.
///
/// Source: www.okx.com/docs-v5/en/#error-code (REST "General", "API" and "Trade" tables). A code
/// the table does not know is ``undocumented(_:)`` and classified ``OKXOutcome/unknown`` (any
/// doubt: query, never resend).
public enum OKXErrorCode: Sendable, Hashable {
    // 1 and 2: the envelope's code when every / some operation of a batch failed (the detail is in `sCode`).
    case operationFailed, bulkPartiallySucceeded
    // 500xx — general
    case bodyEmpty, serviceUnavailable, jsonSyntaxError, endpointTimeout, apiOffline, contentTypeNotJSON, accountBlocked
    case userNotFound, accountSuspended, rateLimitReached, accountStatusInvalid, systemBusy, parameterEmpty, eitherParameterRequired
    case parameterMismatch, systemError, accountRestricted, unableToTakeOrder, subAccountRateLimit
    // 501xx — API (authentication)
    case apiFrozen, apiKeyEnvironmentMismatch, timestampExpired, accessKeyEmpty, passphraseEmpty, passphraseIncorrect, signEmpty
    case timestampEmpty, invalidIP, invalidAccessKey, invalidTimestamp, invalidSign, noPermission
    // 51xxx — trade
    case parameterError, instrumentNotExist, clientOrOrderIDRequired, insufficientBalance, orderIDExists, duplicatedClientOrderID
    case sizeBelowMinimum, orderPriceOutOfLimit, sizeNotMultipleOfLot, insufficientBalance51119, insufficientBalance51131
    case buyPriceAboveLimit, sellPriceBelowLimit, cancelFailedNotOpen, cancelFailedAlreadyCanceled, cancelFailedAlreadyFilled
    case orderNotExist
    /// A code not in the table.
    case undocumented(Int)

    /// The code ↔ case table: one row a documented code.
    static let table: [(Int, OKXErrorCode)] = [
        (1, .operationFailed), (2, .bulkPartiallySucceeded),
        (50000, .bodyEmpty), (50001, .serviceUnavailable), (50002, .jsonSyntaxError), (50004, .endpointTimeout), (50005, .apiOffline),
        (50006, .contentTypeNotJSON), (50007, .accountBlocked), (50008, .userNotFound), (50009, .accountSuspended),
        (50011, .rateLimitReached), (50012, .accountStatusInvalid), (50013, .systemBusy), (50014, .parameterEmpty),
        (50015, .eitherParameterRequired), (50016, .parameterMismatch), (50026, .systemError), (50027, .accountRestricted),
        (50028, .unableToTakeOrder), (50061, .subAccountRateLimit),
        (50100, .apiFrozen), (50101, .apiKeyEnvironmentMismatch), (50102, .timestampExpired), (50103, .accessKeyEmpty),
        (50104, .passphraseEmpty), (50105, .passphraseIncorrect), (50106, .signEmpty), (50107, .timestampEmpty), (50110, .invalidIP),
        (50111, .invalidAccessKey), (50112, .invalidTimestamp), (50113, .invalidSign), (50114, .noPermission),
        (51000, .parameterError), (51001, .instrumentNotExist), (51003, .clientOrOrderIDRequired), (51006, .orderPriceOutOfLimit),
        (51008, .insufficientBalance), (51011, .orderIDExists), (51016, .duplicatedClientOrderID), (51020, .sizeBelowMinimum),
        (51119, .insufficientBalance51119), (51121, .sizeNotMultipleOfLot), (51131, .insufficientBalance51131),
        (51137, .buyPriceAboveLimit), (51138, .sellPriceBelowLimit), (51400, .cancelFailedNotOpen),
        (51401, .cancelFailedAlreadyCanceled), (51402, .cancelFailedAlreadyFilled), (51603, .orderNotExist),
    ]

    private static let byCode = Dictionary(uniqueKeysWithValues: table)
    private static let byCase = Dictionary(uniqueKeysWithValues: table.map { ($0.1, $0.0) })

    /// The case for a numeric code.
    public init(code: Int) { self = Self.byCode[code] ?? .undocumented(code) }

    /// The case for the code as OKX sends it (a string of digits); unparseable text is ``undocumented(_:)`` of -1.
    public init(text: String) { self.init(code: Int(text) ?? -1) }

    /// The numeric code.
    public var code: Int {
        if case .undocumented(let code) = self { return code }
        return Self.byCase[self] ?? 0
    }

    /// What the code says about an order the request carried.
    public var outcome: OKXOutcome {
        switch self {
        // The venue may have taken the order before failing (timeout, busy, internal error), or the
        // code is one we do not know, or a batch code whose detail is missing: query, never resend.
        case .serviceUnavailable, .endpointTimeout, .systemBusy, .systemError, .operationFailed, .bulkPartiallySucceeded, .undocumented:
            .unknown
        case .rateLimitReached, .subAccountRateLimit: .retryAfter(nil)
        case .timestampExpired, .invalidTimestamp: .clockSkew
        default: .rejected
        }
    }
}

/// What a failed request means for the order it carried (or the order it asked about).
public enum OKXOutcome: Sendable, Hashable {
    /// Definitely not placed (or not cancelled): the venue refused it, or it was never sent.
    case rejected
    /// The order may exist: query it by its client order id, never send it again.
    case unknown
    /// Rate limited: nothing was done; send nothing before the delay (nil: the venue gave none).
    case retryAfter(Duration?)
    /// 50102 / 50112: the timestamp was refused; not placed. The server time is measured again.
    case clockSkew
}
