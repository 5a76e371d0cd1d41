import ArenaCore

extension BinanceVenue {
    public func pushes() -> AsyncStream<VenuePush> {
        let events = client.market == .spot
            ? BinanceSpotUserDataStream(client: client, credentials: credentials, logger: logger).events()
            : BinanceFuturesUserDataStream(client: client, logger: logger).events()
        let (pushes, out) = AsyncStream.makeStream(of: VenuePush.self)
        let task = Task {
            for await event in events {
                switch event {
                case .order(let update): if let report = Self.report(update) { out.yield(.report(report)) }
                case .connected: out.yield(.live(resumed: false))
                case .reconnected: out.yield(.live(resumed: true))
                case .disconnected(let reason): out.yield(.interrupted(reason: reason))
                case .account, .balanceDelta: break  // balances are compared by reconciliation
                }
            }
            out.finish()
        }
        out.onTermination = { _ in task.cancel() }
        return pushes
    }

    /// An order update as a report: a trade (its own trade id, quantity, price and commission),
    /// or the order's new state; nil for what says nothing new about the order (a replace, an amendment).
    static func report(_ u: BinanceOrderUpdate) -> VenueReport? {
        guard let id = try? ClientOrderID(u.clientOrderID) else { return nil }
        let time = Timestamp(milliseconds: u.transactionTime)
        let kind: VenueReport.Kind
        switch u.executionType {
        case .trade, .calculated:
            guard let trade = u.tradeID else { return nil }
            let (fee, note) = quoteFee(u.commission, asset: u.commissionAsset ?? "", price: u.lastFilledPrice, symbol: u.symbol)
            var fill = VenueReport.fill(
                id, tradeID: String(trade), quantity: u.lastFilledQuantity, price: u.lastFilledPrice, fee: fee,
                liquidity: u.isMaker ? .maker : .taker, at: time
            )
            fill.venueOrderID = String(u.orderID)
            fill.reason = note
            return fill
        case .new: kind = .accepted
        case .canceled: kind = .cancelled
        case .expired, .tradePrevention: kind = .expired
        case .rejected: kind = .rejected
        case .replaced, .amendment, .other: return nil
        }
        return VenueReport(kind: kind, clientOrderID: id, venueOrderID: String(u.orderID), reason: "\(u.statusText) (user-data stream)", time: time)
    }

    /// A commission in the quote asset: as it is, or a base-asset commission at the trade's price;
    /// another asset's is not converted, and the note says so.
    static func quoteFee(_ commission: FixedDecimal, asset: String, price: FixedDecimal, symbol: String) -> (FixedDecimal, String?) {
        if symbol.hasSuffix(asset), !asset.isEmpty { return (commission, nil) }
        if symbol.hasPrefix(asset), !asset.isEmpty { return ((try? commission.multiplied(by: price)) ?? .zero, nil) }
        return (.zero, commission.isPositive ? "commission \(commission) \(asset) not in the quote asset" : nil)
    }
}
