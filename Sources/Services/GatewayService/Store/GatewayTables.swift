import ArenaStore
/// The market gateway's tables (prefix `gateway_`): market data as it was
/// received, keyed so that re-ingesting the same event is a no-op.
public enum GatewayTables {
    static let service = "gateway"

    /// Trades and aggregated trades (``Trade``), partitioned by month of
    /// `event_time`. The key is the venue's trade id within its market plus
    /// `event_time`: PostgreSQL requires the partition column in every unique
    /// key of a partitioned table, and a venue never reports one trade id at
    /// two times, so the extra column does not weaken the deduplication.
    public static let trades = TableSpec(
        TableRef(service: service, name: "md_trades"),
        columns: [
            Column("venue", .text), Column("market", .text), Column("symbol", .text), Column("trade_id", .integer),
            Column("price", .decimal), Column("quantity", .decimal), Column("taker_side", .text),
            Column("event_time", .timestamp), Column("receive_time", .timestamp),
        ],
        primaryKey: ["venue", "market", "symbol", "trade_id", "event_time"],
        // History queries ask for a symbol's trades in a time range.
        indexes: [IndexSpec("by_time", ["venue", "symbol", "event_time"])],
        partitioning: .monthly(column: "event_time")
    )

    /// OHLCV bars (``Bar``), partitioned by month of `open_time`. A bar written
    /// while still forming is replaced when written again (closed).
    public static let bars = TableSpec(
        TableRef(service: service, name: "md_bars"),
        columns: [
            Column("venue", .text), Column("symbol", .text), Column("timeframe", .text), Column("open_time", .timestamp),
            Column("open", .decimal), Column("high", .decimal), Column("low", .decimal), Column("close", .decimal),
            Column("volume", .decimal), Column("quote_volume", .decimal, nullable: true),
            Column("trade_count", .integer, nullable: true), Column("taker_buy_volume", .decimal, nullable: true),
            Column("is_closed", .boolean),
        ],
        primaryKey: ["venue", "symbol", "timeframe", "open_time"],
        partitioning: .monthly(column: "open_time"),
        conflictPolicy: .update
    )

    /// Funding rates and mark prices of perpetuals (``FundingRate``).
    public static let funding = TableSpec(
        TableRef(service: service, name: "md_funding"),
        columns: [
            Column("venue", .text), Column("symbol", .text), Column("rate", .decimal),
            Column("mark_price", .decimal, nullable: true), Column("index_price", .decimal, nullable: true),
            Column("next_funding_time", .timestamp, nullable: true), Column("event_time", .timestamp),
        ],
        primaryKey: ["venue", "symbol", "event_time"]
    )

    /// Forced liquidations (``Liquidation``). The venue gives them no id, so
    /// the whole event is the key.
    public static let liquidations = TableSpec(
        TableRef(service: service, name: "md_liquidations"),
        columns: [
            Column("venue", .text), Column("symbol", .text), Column("side", .text), Column("price", .decimal),
            Column("quantity", .decimal), Column("average_price", .decimal, nullable: true), Column("event_time", .timestamp),
        ],
        primaryKey: ["venue", "symbol", "event_time", "side", "price", "quantity"]
    )

    /// Positioning statistics of perpetuals (``Positioning``): one row per
    /// symbol and period; a statistic the venue did not have is NULL.
    public static let positioning = TableSpec(
        TableRef(service: service, name: "md_positioning"),
        columns: [
            Column("venue", .text), Column("symbol", .text), Column("period", .text),
            Column("open_interest", .decimal, nullable: true), Column("open_interest_value", .decimal, nullable: true),
            Column("long_short_ratio", .decimal, nullable: true), Column("top_trader_long_share", .decimal, nullable: true),
            Column("event_time", .timestamp),
        ],
        primaryKey: ["venue", "symbol", "period", "event_time"]
    )

    /// Known holes in the stored data: detected feed gaps (aggregate-id gaps,
    /// stale feeds, missing bars) and market data a writer dropped while its
    /// buffer was full, with what was done about them.
    public static let gaps = TableSpec(
        TableRef(service: service, name: "md_gaps"),
        columns: [
            Column("venue", .text), Column("symbol", .text), Column("stream", .text),
            Column("from_time", .timestamp), Column("to_time", .timestamp), Column("missing", .integer, nullable: true),
            Column("reason", .text), Column("detected_at", .timestamp), Column("repaired_at", .timestamp, nullable: true),
        ],
        primaryKey: ["venue", "symbol", "stream", "from_time"],
        // Written again with `repaired_at` once the hole is filled.
        conflictPolicy: .update
    )
}

extension ServiceSchema {
    /// The market gateway: trades, bars, funding, liquidations, gaps, positioning.
    public static let gateway = ServiceSchema(
        name: GatewayTables.service,
        migrations: [
            Migration(
                version: 1, name: "market data",
                steps: [GatewayTables.trades, GatewayTables.bars, GatewayTables.funding, GatewayTables.liquidations, GatewayTables.gaps]
                    .map(MigrationStep.createTable)
            ),
            Migration(version: 2, name: "positioning", steps: [.createTable(GatewayTables.positioning)]),
        ]
    )
}
