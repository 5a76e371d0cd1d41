import ArenaCore
import ArenaRuntime
import Execution
import Foundation
@testable import OMSService
@testable import RiskService
import Risk
import Testing

/// Journal bodies: every record kind of the OMS and the risk guard survives
/// the binary body, and a JSON body (what earlier builds wrote) still reads.
@Suite struct JournalBodyTests {
    static let model = ModelID(unchecked: "m1"), btc = Symbol(unchecked: "BTCUSDT")
    static let tick = Timestamp(milliseconds: 1_700_000_000_000), later = tick.advanced(by: .seconds(60))
    static let entry = OrderSpec(
        clientOrderID: .derived(from: "d1", leg: "entry"), modelID: model, source: "d1", venue: ExecutionVenues.paper, symbol: btc,
        market: .spot, side: .buy, type: .market, quantity: try! FixedDecimal(parsing: "0.029"), reduceOnly: false,
        purpose: .entry, createdAt: tick
    )
    static let fill = Fill(
        fillID: "f1", clientOrderID: entry.clientOrderID, modelID: model, symbol: btc, market: .spot, side: .buy, quantity: entry.quantity,
        price: 30_000, fee: 1, liquidity: .taker, purpose: .entry, time: later
    )
    static let command = OrderCommand.place(OrderPlan(order: entry), at: tick)
    static let ack = OrderCommandAck(commandID: command.commandID, firstReceipt: true, accepted: false, reason: "spot_short")
    static let bar = Bar(
        venue: VenueID(unchecked: "binance"), symbol: btc, timeframe: .m1, openTime: tick, open: 30_000, high: 30_010, low: 29_990,
        close: 30_000, volume: 1, quoteVolume: nil, tradeCount: nil, takerBuyVolume: nil, isClosed: true
    )

    static let executionRecords: [ExecutionRecord] = [
        .command(command), .market(.bar(bar)), .tick(later),
        .order(OrderEvent(sequence: 1, order: entry, status: .filled, filledQuantity: entry.quantity, averagePrice: 30_000, fill: fill, reason: nil, time: later)),
        .fill(fill), .account(.opening(model: model, capital: 10_000, at: later)), .receipt(ack),
    ]

    static let riskRecords: [RiskJournalRecord] = [
        .engine(.verdict(RiskVerdict(
            decisionID: "d1", modelID: model, tick: tick, outcome: .approved, reasons: [], changes: [], plans: [OrderPlan(order: entry)],
            state: .active, nav: 10_000, message: "ok"
        ), at: tick)),
        .engine(.stateChange(TradingStateChange(modelID: model, from: .active, to: .halted, reason: "kill_switch", by: "rule", until: nil, time: later))),
        .engine(.control(requestID: "op-1", at: later)), .engine(.fill(fill, realizedPnL: FixedDecimal(-3))), .engine(.fill(fill, realizedPnL: nil)),
        .engine(.reactionFired(model: model, key: "kill_switch", at: later)), .engine(.reactionReset(model: model, key: "kill_switch", at: later)),
        .commandSent(command), .commandAcknowledged(ack, at: later),
    ]

    static func entry<R: BinaryJournalRecord>(_ record: R, body: [UInt8]) -> JournalEntry {
        JournalEntry(sequence: 1, kind: record.journalKind, model: record.journalModel?.value, body: body, time: record.journalTime)
    }

    @Test("every record reads back from its binary body")
    func binaryRoundTrip() throws {
        for record in Self.executionRecords {
            let row = try JournalCoding.encode(record)
            #expect(row.body.first == JournalBody.binaryFormat)
            #expect(try JournalCoding.decode(ExecutionRecord.self, from: Self.entry(record, body: row.body)) == record)
        }
        for record in Self.riskRecords {
            let row = try JournalCoding.encode(record)
            #expect(try JournalCoding.decode(RiskJournalRecord.self, from: Self.entry(record, body: row.body)) == record)
        }
    }

    @Test("a JSON body written by an earlier build still reads")
    func legacyJSON() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for record in Self.executionRecords {
            let json = Array(try encoder.encode(record))
            #expect(try JournalCoding.decode(ExecutionRecord.self, from: Self.entry(record, body: json)) == record)
        }
        for record in Self.riskRecords {
            let json = Array(try encoder.encode(record))
            #expect(try JournalCoding.decode(RiskJournalRecord.self, from: Self.entry(record, body: json)) == record)
        }
    }

    @Test("a body cut short or of an unknown format is an error naming the entry")
    func damagedBodies() throws {
        let record = ExecutionRecord.fill(Self.fill)
        let body = try JournalCoding.encode(record).body
        #expect(throws: JournalDecodingError.self) { try JournalCoding.decode(ExecutionRecord.self, from: Self.entry(record, body: Array(body.dropLast(3)))) }
        #expect(throws: JournalDecodingError.self) { try JournalCoding.decode(ExecutionRecord.self, from: Self.entry(record, body: [0x7F] + body.dropFirst())) }
        #expect(throws: JournalDecodingError.self) { try JournalCoding.decode(ExecutionRecord.self, from: Self.entry(record, body: [])) }
    }
}
