import ArenaStore
import ArenaCore

/// One known hole in the stored market data (`gateway_md_gaps`): what is
/// missing, why, and whether it was repaired.
public struct DataGapRecord: Sendable, Hashable, TableRow {
    public var venue: VenueID
    public var symbol: Symbol
    /// `trades`, `bars.1m`, `writer.trades`, …
    public var stream: String
    public var from: Timestamp
    public var to: Timestamp
    /// Missing events or bars, when known.
    public var missing: Int64?
    public var reason: String
    public var detectedAt: Timestamp
    public var repairedAt: Timestamp?

    public init(
        venue: VenueID, symbol: Symbol, stream: String, from: Timestamp, to: Timestamp, missing: Int64?, reason: String,
        detectedAt: Timestamp, repairedAt: Timestamp? = nil
    ) {
        self.venue = venue
        self.symbol = symbol
        self.stream = stream
        self.from = from
        self.to = to
        self.missing = missing
        self.reason = reason
        self.detectedAt = detectedAt
        self.repairedAt = repairedAt
    }

    /// `gateway.md_gaps`.
    public static var table: TableSpec { GatewayTables.gaps }

    /// The row in column order.
    public var sqlValues: [SQLValue] {
        [
            .text(venue.value), .text(symbol.value), .text(stream), from.sqlValue, to.sqlValue, missing.sqlValue, .text(reason),
            detectedAt.sqlValue, repairedAt.sqlValue,
        ]
    }

    /// Reads a stored row back.
    public init(row: SQLRow) throws(StoreError) {
        self.init(
            venue: try row.identifier("venue"), symbol: try row.identifier("symbol"), stream: try row.decode("stream"),
            from: try row.decode("from_time"), to: try row.decode("to_time"), missing: try row.decode("missing"),
            reason: try row.decode("reason"), detectedAt: try row.decode("detected_at"), repairedAt: try row.decode("repaired_at")
        )
    }
}
