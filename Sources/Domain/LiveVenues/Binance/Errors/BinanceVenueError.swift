import ArenaCore

/// Why a trading call failed, with what it means for the order (``outcome``).
public enum BinanceVenueError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Refused by the symbol's filters before sending: nothing reached the venue.
    case refused(OrderRefusal)
    /// Refused locally because the venue's `Retry-After` has not passed: nothing was sent.
    case rateLimitedLocally(remaining: Duration)
    /// The venue answered with Binance's `{"code","msg"}`.
    case api(BinanceErrorCode, message: String, httpStatus: Int, retryAfter: Duration?)
    /// A non-2xx answer without Binance's error body (a 5xx from a proxy, an HTML page).
    case http(status: Int, retryAfter: Duration?, bodyPrefix: String)
    /// No answer within the client's timeout: the request may have been processed.
    case timedOut
    /// The connection failed; `mayHaveBeenSent` is false only when it never opened.
    case transport(String, mayHaveBeenSent: Bool)
    /// A 2xx answer that is not what the endpoint returns.
    case decoding(String)

    /// What the failure means for the order.
    public var outcome: BinanceOutcome {
        switch self {
        case .refused: return .rejected
        case .rateLimitedLocally(let remaining): return .retryAfter(remaining)
        case .api(let code, _, let status, let retryAfter):
            if status == 429 || status == 418 { return .retryAfter(retryAfter) }
            if status >= 500 && code.outcome == .rejected { return .unknown }
            if case .retryAfter = code.outcome { return .retryAfter(retryAfter) }
            return code.outcome
        case .http(let status, let retryAfter, _):
            if status == 429 || status == 418 { return .retryAfter(retryAfter) }
            // Binance: a 5xx is "NOT a failure … the execution status is UNKNOWN".
            return status >= 500 ? .unknown : .rejected
        case .timedOut: return .unknown
        case .transport(_, let sent): return sent ? .unknown : .rejected
        // A 2xx that cannot be read: the venue did something; find out what.
        case .decoding: return .unknown
        }
    }

    public var description: String {
        switch self {
        case .refused(let r): "refused before sending: \(r)"
        case .rateLimitedLocally(let d): "rate limited: nothing sent for another \(d)"
        case .api(let code, let msg, let status, _): "binance \(code.code) (HTTP \(status)): \(msg)"
        case .http(let status, _, let body): "HTTP \(status): \(body)"
        case .timedOut: "timed out: outcome unknown"
        case .transport(let reason, let sent): "transport (\(sent ? "may have been sent" : "not sent")): \(reason)"
        case .decoding(let reason): "undecodable answer: \(reason)"
        }
    }
}
