/// The audit log's table (prefix `audit_`): one hash chain of every
/// decision, verdict, order event and fill, appended by ``AuditLog`` and
/// checked by ``AuditVerifier``.
///
/// It is the one table several services write (each appends its own kinds);
/// a single chain gives one total order across the system and one thing to
/// verify. Appends are serialised by an advisory lock on PostgreSQL and by
/// SQLite's single writer.
public enum AuditTables {
    static let service = "audit"

    /// `seq` 1, 2, 3, …; `hash` = SHA-256(`prev_hash` ‖ canonical bytes of
    /// the row). `(ref, kind)` is unique, so a retried append is a no-op
    /// (`ref` first: appends look up a batch's refs with `ref IN (…)`).
    public static let log = TableSpec(
        TableRef(service: service, name: "log"),
        columns: [
            Column("seq", .integer), Column("kind", .text), Column("ref", .text), Column("recorded_at", .timestamp),
            Column("body", .bytes), Column("prev_hash", .bytes), Column("hash", .bytes),
        ],
        primaryKey: ["seq"],
        indexes: [IndexSpec("by_hash", ["hash"], unique: true), IndexSpec("by_ref", ["ref", "kind"], unique: true)]
    )

    /// Triggers that refuse UPDATE, DELETE (and TRUNCATE on PostgreSQL), so the
    /// log is append-only for anyone who cannot change the schema; tampering
    /// by someone who can is what the hash chain catches.
    static let appendOnly = MigrationStep.statements(
        postgres: [
            """
            CREATE FUNCTION "audit_log_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP;
            END
            $$
            """,
            """
            CREATE TRIGGER "audit_log_append_only" BEFORE UPDATE OR DELETE ON "audit_log"
              FOR EACH ROW EXECUTE FUNCTION "audit_log_refuse_change"()
            """,
            """
            CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "audit_log"
              FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_refuse_change"()
            """,
        ],
        sqlite: [
            """
            CREATE TRIGGER "audit_log_no_update" BEFORE UPDATE ON "audit_log"
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: UPDATE refused'); END
            """,
            """
            CREATE TRIGGER "audit_log_no_delete" BEFORE DELETE ON "audit_log"
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: DELETE refused'); END
            """,
        ]
    )
}

extension ServiceSchema {
    /// The audit log.
    public static let audit = ServiceSchema(
        name: AuditTables.service,
        migrations: [Migration(version: 1, name: "hash-chained audit log", steps: [.createTable(AuditTables.log), AuditTables.appendOnly])]
    )
}
