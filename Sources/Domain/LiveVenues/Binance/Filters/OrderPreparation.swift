import ArenaCore

/// Why an order was refused before it was sent (nothing reached the venue).
public enum OrderRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// No filters are known for the symbol: fail closed rather than guess the rules.
    case unknownSymbol(Symbol)
    /// The order type is not sent on this market (stop-market on spot, stop-limit on USDⓈ-M).
    case unsupportedType(BinanceOrderType, BinanceMarket)
    /// A limit type without a price, or a triggered type without a stop price.
    case missingPrice(String)
    /// Zero or negative quantity or price.
    case notPositive(String)
    /// The quantity, rounded down to the step, is under the minimum (`LOT_SIZE` or `MARKET_LOT_SIZE`).
    case quantityBelowMinimum(quantity: FixedDecimal, minimum: FixedDecimal)
    case quantityAboveMaximum(quantity: FixedDecimal, maximum: FixedDecimal)
    /// A price (limit or stop), rounded to the tick, outside `PRICE_FILTER`'s bounds.
    case priceBelowMinimum(price: FixedDecimal, minimum: FixedDecimal)
    case priceAboveMaximum(price: FixedDecimal, maximum: FixedDecimal)
    /// Price × quantity under `MIN_NOTIONAL` / `NOTIONAL`'s minimum.
    case notionalBelowMinimum(notional: FixedDecimal, minimum: FixedDecimal)
    case notionalAboveMaximum(notional: FixedDecimal, maximum: FixedDecimal)
    /// A market order whose notional must be checked, without a reference price.
    case noReferencePrice
    /// The arithmetic overflowed.
    case arithmetic

    public var description: String {
        switch self {
        case .unknownSymbol(let s): "no filters for \(s): refused (fail closed)"
        case .unsupportedType(let t, let m): "\(t.rawValue) is not sent on \(m.rawValue)"
        case .missingPrice(let which): "missing \(which)"
        case .notPositive(let which): "\(which) must be positive"
        case .quantityBelowMinimum(let q, let m): "quantity \(q) below the minimum \(m)"
        case .quantityAboveMaximum(let q, let m): "quantity \(q) above the maximum \(m)"
        case .priceBelowMinimum(let p, let m): "price \(p) below the minimum \(m)"
        case .priceAboveMaximum(let p, let m): "price \(p) above the maximum \(m)"
        case .notionalBelowMinimum(let n, let m): "notional \(n) below the minimum \(m)"
        case .notionalAboveMaximum(let n, let m): "notional \(n) above the maximum \(m)"
        case .noReferencePrice: "a market order needs a reference price to check its notional"
        case .arithmetic: "decimal overflow applying the filters"
        }
    }
}

extension SymbolFilters {
    /// `request` made to fit the filters, or the reason it cannot be sent.
    ///
    /// The quantity is rounded DOWN to the step (never more than asked); a limit price is
    /// rounded to the tick on the side that never gives a worse price (a buy down, a sell up),
    /// a stop price to the nearest tick. The bounds are then checked on the rounded values.
    public func prepare(_ request: BinanceOrderRequest, market: BinanceMarket) throws(OrderRefusal) -> BinanceOrderRequest {
        guard request.symbol == symbol else { throw .unknownSymbol(request.symbol) }
        guard request.type.isSupported(on: market) else { throw .unsupportedType(request.type, market) }
        guard request.quantity.isPositive else { throw .notPositive("quantity") }
        var out = request
        do {
            let rule = request.type.executesAtMarket ? marketLot.map { merged(lot, $0) } ?? lot : lot
            out.quantity = rule.step.isPositive ? try request.quantity.rounded(toMultipleOf: rule.step, .down) : request.quantity
            if out.quantity.isZero || (rule.minimum.isPositive && out.quantity < rule.minimum) {
                throw OrderRefusal.quantityBelowMinimum(quantity: out.quantity, minimum: rule.minimum)
            }
            if rule.maximum.isPositive && out.quantity > rule.maximum {
                throw OrderRefusal.quantityAboveMaximum(quantity: out.quantity, maximum: rule.maximum)
            }
            if request.type.hasLimitPrice {
                guard let p = request.price else { throw OrderRefusal.missingPrice("price") }
                out.price = try checkedPrice(p, request.side == .buy ? .down : .up)
            }
            if request.type.hasStopPrice {
                guard let p = request.stopPrice else { throw OrderRefusal.missingPrice("stopPrice") }
                out.stopPrice = try checkedPrice(p, .halfUp)
            }
            try checkNotional(out)
        } catch let refusal as OrderRefusal {
            throw refusal
        } catch {
            throw .arithmetic
        }
        return out
    }

    /// `MARKET_LOT_SIZE` narrows `LOT_SIZE` for market orders; a zero field there means "as LOT_SIZE".
    private func merged(_ lot: Rule, _ market: Rule) -> Rule {
        Rule(
            minimum: Swift.max(lot.minimum, market.minimum),
            maximum: market.maximum.isPositive ? (lot.maximum.isPositive ? Swift.min(lot.maximum, market.maximum) : market.maximum) : lot.maximum,
            step: market.step.isPositive ? market.step : lot.step
        )
    }

    private func checkedPrice(_ value: FixedDecimal, _ mode: RoundingMode) throws -> FixedDecimal {
        guard value.isPositive else { throw OrderRefusal.notPositive("price") }
        let p = price.step.isPositive ? try value.rounded(toMultipleOf: price.step, mode) : value
        if price.minimum.isPositive && p < price.minimum { throw OrderRefusal.priceBelowMinimum(price: p, minimum: price.minimum) }
        if price.maximum.isPositive && p > price.maximum { throw OrderRefusal.priceAboveMaximum(price: p, maximum: price.maximum) }
        return p
    }

    private func checkNotional(_ order: BinanceOrderRequest) throws {
        let atMarket = order.type.executesAtMarket
        let checkMin = minNotional.isPositive && (!atMarket || minNotionalAppliesToMarket)
        let checkMax = maxNotional.isPositive && (!atMarket || maxNotionalAppliesToMarket)
        guard checkMin || checkMax else { return }
        // A limit order's notional is at its price; a market order's at the caller's reference price,
        // a triggered market order's at its stop when no reference is given.
        guard let reference = atMarket ? order.referencePrice ?? order.stopPrice : order.price else { throw OrderRefusal.noReferencePrice }
        let notional = try order.quantity.multiplied(by: reference)
        if checkMin && notional < minNotional { throw OrderRefusal.notionalBelowMinimum(notional: notional, minimum: minNotional) }
        if checkMax && notional > maxNotional { throw OrderRefusal.notionalAboveMaximum(notional: notional, maximum: maxNotional) }
    }
}
