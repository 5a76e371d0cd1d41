import ArenaCore

/// Funding rates from a funding CSV, found by header names:
///
/// - freqtrade's `*-8h-funding_rate` export: `date,open,high,low,close,volume`,
///   the rate in `open` (the other columns are 0), `date` in epoch ms;
/// - Binance's funding CSV: `calc_time,funding_interval_hours,last_funding_rate`.
///
/// Rates are exact decimals as written (`6.818e-05` included). A file that
/// went through binary floats (freqtrade's XRP export has `-0.0021933400000000002`)
/// needs `ratePlaces`: the rates are then rounded half to even to that many
/// decimals (Binance publishes 8). The file names no instrument, so the caller gives the symbol.
public struct FundingCSVSource: ReplaySource {
    public var name: String { reader.source }
    private var reader: CSVRowReader
    private let venue: VenueID
    private let symbol: Symbol
    private let timeColumn: Int
    private let rateColumn: Int
    private let width: Int
    private let ratePlaces: Int?

    /// Reads `lines` as funding of `symbol` on `venue`; `ratePlaces` (0…12), when given, rounds each rate to that many decimals.
    public init(lines: ByteLines, venue: VenueID, symbol: Symbol, ratePlaces: Int? = nil) throws(ReplayError) {
        reader = CSVRowReader(lines: lines)
        if let ratePlaces, !(0...FixedDecimal.scale).contains(ratePlaces) {
            throw ReplayError(source: lines.source, line: 0, reason: "rate places must be 0…\(FixedDecimal.scale), not \(ratePlaces)")
        }
        self.ratePlaces = ratePlaces
        self.venue = venue
        self.symbol = symbol
        let source = lines.source
        let columns = try reader.first { fields, _ throws(ReplayError) -> ((time: Int, rate: Int, width: Int), consumed: Bool) in
            let header = fields.lowercasedTexts()
            func find(_ names: [String]) -> Int? { names.lazy.compactMap { header.firstIndex(of: $0) }.first }
            guard let time = find(["calc_time", "funding_time", "date", "timestamp", "time"]),
                  let rate = find(["last_funding_rate", "funding_rate", "rate", "open"])
            else {
                throw ReplayError(
                    source: source, line: 1,
                    reason: "a funding CSV needs a header naming a time (calc_time or date) and a rate (last_funding_rate or open); found \(header.joined(separator: ","))"
                )
            }
            return ((time, rate, header.count), true)
        }
        guard let columns else { throw ReplayError(source: source, line: 0, reason: "the file is empty (no header)") }
        (timeColumn, rateColumn, width) = columns
    }

    public mutating func next() throws(ReplayError) -> MarketEvent? {
        let (t, r, width, venue, symbol, places) = (timeColumn, rateColumn, width, venue, symbol, ratePlaces)
        return try reader.next { fields, field throws(ExactNumber.Problem) -> MarketEvent in
            guard fields.count == width else { throw ExactNumber.Problem(reason: "expected \(width) fields, found \(fields.count)") }
            field = "time"
            let time = try ASCIIField.epochTime(fields[t])
            field = "rate"
            let rate = if let places { try RoundedDecimal.parse(fields[r], places: places) } else { try ASCIIField.decimal(fields[r]) }
            return .funding(FundingRate(venue: venue, symbol: symbol, rate: rate, eventTime: time))
        }
    }
}
