/// The scorer results' tables (prefix `scorer_`): every structured decision
/// and, for LLM agents, the prompt and reply behind it (SPEC §5, §14).
public enum ScorerTables {
    static let service = "scorer"

    /// One decision per model per round (the unique index enforces SPEC §4's
    /// "a model never gets two decisions for one tick"). `body` is the full
    /// structured decision as JSON; the columns are what queries filter on.
    public static let decisions = TableSpec(
        TableRef(service: service, name: "decisions"),
        columns: [
            Column("decision_id", .text), Column("round_id", .integer), Column("model_id", .text),
            Column("model_config_hash", .bytes), Column("snapshot_hash", .bytes), Column("symbol", .text, nullable: true),
            Column("action", .text), Column("size_pct", .decimal, nullable: true), Column("take_profit", .decimal, nullable: true),
            Column("stop_loss", .decimal, nullable: true), Column("leverage", .decimal, nullable: true),
            Column("confidence", .real, nullable: true), Column("rationale", .text, nullable: true),
            // ok, timeout, invalid, error: a missing answer is recorded, never skipped.
            Column("outcome", .text), Column("latency_ns", .integer), Column("decided_at", .timestamp), Column("body", .json),
        ],
        primaryKey: ["decision_id"],
        indexes: [
            IndexSpec("one_per_round", ["round_id", "model_id"], unique: true),
            IndexSpec("by_model", ["model_id", "decided_at"]),
        ]
    )

    /// The LLM exchange behind a decision: rendered prompt, raw and parsed
    /// reply, validation errors, tokens and cost.
    public static let prompts = TableSpec(
        TableRef(service: service, name: "prompts"),
        columns: [
            Column("decision_id", .text), Column("model_id", .text), Column("provider", .text),
            Column("template_version", .text), Column("prompt_hash", .bytes), Column("prompt", .text),
            Column("raw_reply", .text, nullable: true), Column("parsed_reply", .json, nullable: true),
            Column("validation_errors", .text, nullable: true), Column("input_tokens", .integer, nullable: true),
            Column("output_tokens", .integer, nullable: true), Column("cost", .decimal, nullable: true),
            Column("latency_ns", .integer), Column("recorded_at", .timestamp),
        ],
        primaryKey: ["decision_id"],
        indexes: [IndexSpec("by_prompt_hash", ["prompt_hash"])]
    )
}

extension ServiceSchema {
    /// Scorer results: decisions and prompts.
    public static let scorer = ServiceSchema(
        name: ScorerTables.service,
        migrations: [
            Migration(version: 1, name: "decisions and prompts", steps: [ScorerTables.decisions, ScorerTables.prompts].map(MigrationStep.createTable))
        ]
    )
}
