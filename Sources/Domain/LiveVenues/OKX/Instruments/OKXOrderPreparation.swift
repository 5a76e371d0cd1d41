import ArenaCore

/// Why an OKX order was refused before it was sent (nothing reached the venue).
public enum OKXOrderRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// No rules are known for the instrument: fail closed rather than guess.
    case unknownInstrument(Symbol)
    /// The instrument exists but does not trade now (`state` other than `live`).
    case instrumentNotLive(Symbol, state: String)
    /// The client order id is not 1–32 letters and digits, as OKX requires.
    case invalidClientOrderID(String)
    /// `cash` on a swap, or margin modes this layer does not send on spot.
    case tradeModeNotAllowed(OKXTradeMode, OKXInstrumentType)
    /// A priced type without a price.
    case missingPrice
    /// Zero or negative size or price.
    case notPositive(String)
    /// The size, rounded down to `lotSz`, is under `minSz`.
    case sizeBelowMinimum(size: FixedDecimal, minimum: FixedDecimal)
    /// The size is above `maxMktSz` (market) or `maxLmtSz` (priced types).
    case sizeAboveMaximum(size: FixedDecimal, maximum: FixedDecimal)
    /// The arithmetic overflowed.
    case arithmetic

    public var description: String {
        switch self {
        case .unknownInstrument(let s): "no instrument rules for \(s): refused (fail closed)"
        case .instrumentNotLive(let s, let state): "\(s) is \(state), not live"
        case .invalidClientOrderID(let id): "clOrdId \"\(id.prefix(40))\" is not 1-32 letters and digits"
        case .tradeModeNotAllowed(let mode, let type): "tdMode \(mode.rawValue) is not sent on \(type.rawValue)"
        case .missingPrice: "missing px"
        case .notPositive(let which): "\(which) must be positive"
        case .sizeBelowMinimum(let s, let m): "size \(s) below the minimum \(m)"
        case .sizeAboveMaximum(let s, let m): "size \(s) above the maximum \(m)"
        case .arithmetic: "decimal overflow applying the instrument rules"
        }
    }
}

extension OKXInstrumentRules {
    /// `request` made to fit the rules, or the reason it cannot be sent.
    ///
    /// The size is rounded DOWN to `lotSz` (never more than asked); a price is rounded to `tickSz`
    /// on the side that never gives a worse price (a buy down, a sell up). The bounds are then
    /// checked on the rounded values.
    public func prepare(_ request: OKXOrderRequest) throws(OKXOrderRefusal) -> OKXOrderRequest {
        guard request.instrumentID == instrumentID else { throw .unknownInstrument(request.instrumentID) }
        guard state == "live" else { throw .instrumentNotLive(instrumentID, state: state) }
        guard OKXOrderRequest.isValidClientOrderID(request.clientOrderID.value) else { throw .invalidClientOrderID(request.clientOrderID.value) }
        guard (type == .spot) == (request.tradeMode == .cash) else { throw .tradeModeNotAllowed(request.tradeMode, type) }
        guard request.size.isPositive else { throw .notPositive("size") }
        var out = request
        do {
            out.size = lotSize.isPositive ? try request.size.rounded(toMultipleOf: lotSize, .down) : request.size
            if out.size.isZero || out.size < minSize { throw OKXOrderRefusal.sizeBelowMinimum(size: out.size, minimum: minSize) }
            let maximum = request.type == .market ? maxMarketSize : maxLimitSize
            if maximum.isPositive && out.size > maximum { throw OKXOrderRefusal.sizeAboveMaximum(size: out.size, maximum: maximum) }
            if request.type.hasPrice {
                guard let price = request.price else { throw OKXOrderRefusal.missingPrice }
                guard price.isPositive else { throw OKXOrderRefusal.notPositive("price") }
                out.price = tickSize.isPositive ? try price.rounded(toMultipleOf: tickSize, request.side == .buy ? .down : .up) : price
                if !(out.price?.isPositive ?? false) { throw OKXOrderRefusal.notPositive("price") }
            } else {
                out.price = nil
            }
        } catch let refusal as OKXOrderRefusal {
            throw refusal
        } catch {
            throw .arithmetic
        }
        return out
    }
}
