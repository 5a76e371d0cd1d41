/// Why an OKX call failed, with what it means for the order (``outcome``).
public enum OKXVenueError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Refused by the instrument's rules before sending: nothing reached the venue.
    case refused(OKXOrderRefusal)
    /// Refused locally because the venue's rate-limit pause has not passed: nothing was sent.
    case rateLimitedLocally(remaining: Duration)
    /// The venue answered with OKX's `{"code","msg"}` (or an order's `sCode`/`sMsg`).
    case api(OKXErrorCode, message: String, httpStatus: Int)
    /// A non-2xx answer without OKX's error body (a 5xx from a proxy, an HTML page).
    case http(status: Int, bodyPrefix: String)
    /// No answer within the client's timeout: the request may have been processed.
    case timedOut
    /// The connection failed; `mayHaveBeenSent` is false only when it never opened.
    case transport(String, mayHaveBeenSent: Bool)
    /// A 2xx answer that is not what the endpoint returns.
    case decoding(String)

    /// What the failure means for the order.
    public var outcome: OKXOutcome {
        switch self {
        case .refused: return .rejected
        case .rateLimitedLocally(let remaining): return .retryAfter(remaining)
        case .api(let code, _, let status):
            if status == 429 { return .retryAfter(nil) }
            if status >= 500 && code.outcome == .rejected { return .unknown }
            return code.outcome
        case .http(let status, _):
            if status == 429 { return .retryAfter(nil) }
            // A 5xx says nothing about whether the order was taken.
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
        case .api(let code, let msg, let status): "okx \(code.code) (HTTP \(status)): \(msg)"
        case .http(let status, let body): "HTTP \(status): \(body)"
        case .timedOut: "timed out: outcome unknown"
        case .transport(let reason, let sent): "transport (\(sent ? "may have been sent" : "not sent")): \(reason)"
        case .decoding(let reason): "undecodable answer: \(reason)"
        }
    }
}
