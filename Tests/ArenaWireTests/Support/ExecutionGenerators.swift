import ArenaCore
import PropertyBased

/// Random orders, fills, verdicts and controls, for property-based tests.
extension Arbitrary {
    static let clientOrderID = zip(text, Gen.letterOrNumber.string(of: 1...6)).map { ClientOrderID.derived(from: $0, leg: $1) }
    static let optionalClientOrderID = zip(Gen<Bool>.bool, clientOrderID).map { $0 ? $1 : nil }
    static let tradingState = pick(TradingState.allCases)
    static let optionalModel = zip(Gen<Bool>.bool, model).map { $0 ? $1 : nil }

    static let orderSpec = zip(
        zip(clientOrderID, model, text, venue, symbol, pick(MarketKind.allCases)),
        zip(side, pick(OrderType.allCases), decimal, optionalDecimal, optionalDecimal, pick(TimeInForce.allCases)),
        zip(Gen<Bool>.bool, decimal, pick(OrderPurpose.allCases), optionalClientOrderID, timestamp)
    ).map { a, b, c in
        OrderSpec(
            clientOrderID: a.0, modelID: a.1, source: a.2, venue: a.3, symbol: a.4, market: a.5, side: b.0, type: b.1, quantity: b.2,
            limitPrice: b.3, triggerPrice: b.4, timeInForce: b.5, reduceOnly: c.0, leverage: c.1, purpose: c.2, parent: c.3, createdAt: c.4
        )
    }
    static let bracket = zip(
        zip(decimal, decimal, decimal, decimal, optionalDecimal, Gen<Bool>.bool),
        zip(optionalInt64, optionalDecimal, optionalDecimal, optionalDecimal)
    ).map { a, b in
        Bracket(
            entryReference: a.0, stopLoss: a.1, takeProfit1: a.2, takeProfit1Fraction: a.3, takeProfit2: a.4,
            breakEvenAfterTakeProfit1: a.5, timeStopSeconds: b.0, atr: b.1, stopATR: b.2, riskAmount: b.3
        )
    }
    static let twap = zip(Gen<Int>.value(in: 1...50), int64).map { TWAPPlan(slices: $0, intervalSeconds: $1) }
    static let orderPlan = zip(orderSpec, zip(Gen<Bool>.bool, bracket), zip(Gen<Bool>.bool, twap))
        .map { OrderPlan(order: $0, bracket: $1.0 ? $1.1 : nil, twap: $2.0 ? $2.1 : nil) }
    static let optionalOrderPlan = zip(Gen<Bool>.bool, orderPlan).map { $0 ? $1 : nil }

    static let verdictChange = zip(text, text, text, text).map { VerdictChange(field: $0, from: $1, to: $2, rule: $3) }
    static let verdict = zip(
        zip(text, model, timestamp, pick(VerdictOutcome.allCases), text.array(of: 0...3)),
        zip(verdictChange.array(of: 0...3), orderPlan.array(of: 0...2), tradingState, decimal, text)
    ).map { a, b in
        RiskVerdict(
            decisionID: a.0, modelID: a.1, tick: a.2, outcome: a.3, reasons: a.4, changes: b.0, plans: b.1, state: b.2, nav: b.3, message: b.4
        )
    }
    static let stateChange = zip(optionalModel, tradingState, tradingState, text, text, optionalTimestamp, timestamp)
        .map { TradingStateChange(modelID: $0, from: $1, to: $2, reason: $3, by: $4, until: $5, time: $6) }
    static let control = zip(text, pick(TradingControl.Command.allCases), optionalModel, zip(Gen<Bool>.bool, tradingState), text, text)
        .map { TradingControl(requestID: $0, command: $1, modelID: $2, state: $3.0 ? $3.1 : nil, operatorName: $4, reason: $5) }
    static let stateEntry = zip(optionalModel, tradingState, text, optionalTimestamp)
        .map { TradingStateEntry(modelID: $0, state: $1, reason: $2, until: $3) }
    static let controlReply = zip(text, Gen<Bool>.bool, Gen<Bool>.bool, text, stateEntry.array(of: 0...4))
        .map { TradingControlReply(requestID: $0, applied: $1, firstReceipt: $2, message: $3, states: $4) }

    static let orderCommand = zip(
        zip(text, pick(OrderCommand.Kind.allCases), optionalModel), zip(optionalOrderPlan, optionalClientOrderID, text, timestamp)
    ).map { a, b in
        OrderCommand(commandID: a.0, kind: a.1, modelID: a.2, plan: b.0, clientOrderID: b.1, reason: b.2, time: b.3)
    }
    static let orderCommandAck = zip(text, Gen<Bool>.bool, Gen<Bool>.bool, zip(Gen<Bool>.bool, text).map { $0 ? $1 : nil })
        .map { OrderCommandAck(commandID: $0, firstReceipt: $1, accepted: $2, reason: $3) }
    static let fill = zip(
        zip(text, clientOrderID, model, symbol, pick(MarketKind.allCases), side),
        zip(decimal, decimal, decimal, pick(Liquidity.allCases), pick(OrderPurpose.allCases), timestamp)
    ).map { a, b in
        Fill(
            fillID: a.0, clientOrderID: a.1, modelID: a.2, symbol: a.3, market: a.4, side: a.5, quantity: b.0, price: b.1, fee: b.2,
            liquidity: b.3, purpose: b.4, time: b.5
        )
    }
    static let orderEvent = zip(
        zip(int64, orderSpec, pick(OrderStatus.allCases), decimal), zip(optionalDecimal, zip(Gen<Bool>.bool, fill), zip(Gen<Bool>.bool, text), timestamp)
    ).map { a, b in
        OrderEvent(
            sequence: a.0, order: a.1, status: a.2, filledQuantity: a.3, averagePrice: b.0, fill: b.1.0 ? b.1.1 : nil,
            reason: b.2.0 ? b.2.1 : nil, time: b.3
        )
    }
    static let fundingPayment = zip(model, symbol, decimal, decimal, decimal, decimal, timestamp)
        .map { FundingPayment(modelID: $0, symbol: $1, rate: $2, positionQuantity: $3, markPrice: $4, amount: $5, time: $6) }
    static let optionalText = zip(Gen<Bool>.bool, text).map { $0 ? $1 : nil }
    static let venueReport = zip(
        zip(pick(VenueReport.Kind.allCases), clientOrderID, optionalText, optionalText),
        zip(optionalDecimal, optionalDecimal, optionalDecimal, zip(Gen<Bool>.bool, pick(Liquidity.allCases)), optionalText, timestamp)
    ).map { a, b in
        VenueReport(
            kind: a.0, clientOrderID: a.1, venueOrderID: a.2, tradeID: a.3, quantity: b.0, price: b.1, fee: b.2, liquidity: b.3.0 ? b.3.1 : nil,
            reason: b.4, time: b.5
        )
    }
    static let venueInstruction = zip(pick(VenueInstruction.Kind.allCases), orderSpec, optionalText, timestamp)
        .map { VenueInstruction(kind: $0, order: $1, reason: $2, time: $3) }
}
