import ArenaCore
import ArenaStore

/// One record of a service's journal: its position, what it is, whose it is, its bytes.
public struct JournalEntry: Sendable, Hashable {
    /// 1, 2, 3… in the order the service appended them.
    public var sequence: Int64
    /// What the body holds (the service's record kind).
    public var kind: String
    /// The model the record is about, if one.
    public var model: String?
    public var body: [UInt8]
    /// The market time of the record.
    public var time: Timestamp

    public init(sequence: Int64, kind: String, model: String?, body: [UInt8], time: Timestamp) {
        self.sequence = sequence
        self.kind = kind
        self.model = model
        self.body = body
        self.time = time
    }
}

/// A service's append-only journal (table `<service>_journal`): every record
/// its state is the fold of, persisted before the service acknowledges or
/// publishes anything that follows from it, so a restart (even after
/// `kill -9`) rebuilds exactly the state that was acknowledged. The OMS and
/// the risk guard keep one each.
///
/// Appends are all or nothing per call (one transaction); the sequence
/// continues from the highest stored one, so records appended after a
/// restart follow the ones read back.
public actor Journal {
    private let store: StoreHandle
    /// The table's name, and its quoted form for statements.
    private let table: String, quoted: String
    private var next: Int64?
    /// Appends run one after another: the actor is re-entered while one is
    /// written, and two must never take the same sequence numbers.
    private let serial = ConcurrencyLimit(1)

    /// The journal of `service` in the store `store` will hold (migrated with ``JournalTables/schema(service:)``).
    public init(service: String, store: StoreHandle) {
        self.store = store
        let ref = JournalTables.journal(service: service).ref
        table = ref.fullName
        quoted = ref.sql
    }

    private func database() async throws(StoreError) -> any SQLDatabase {
        do { return try await store.value() } catch let error as StoreError { throw error } catch { throw StoreError.closed }
    }

    /// Appends `records` (kind, model, body, time) in order, in one transaction; returns their sequence numbers.
    @discardableResult
    public func append(_ records: [(kind: String, model: String?, body: [UInt8], time: Timestamp)]) async throws(StoreError) -> ClosedRange<Int64>? {
        guard !records.isEmpty else { return nil }
        await serial.acquire()
        defer { serial.release() }
        let database = try await database()
        let first = try await nextSequence(database)
        let rows: [[SQLValue]] = records.enumerated().map { offset, r in
            [.integer(first + Int64(offset)), .text(r.kind), r.model.map { .text($0) } ?? .null, .blob(r.body), r.time.sqlValue]
        }
        try await database.bulkInsert(table: table, columns: ["sequence", "kind", "model", "body", "recorded_time"], rows: rows)
        let last = first + Int64(records.count) - 1
        next = last + 1
        return first...last
    }

    /// Every record after `sequence`, in order, `pageSize` at a time, handed to `body` page by page.
    public func read(after sequence: Int64 = 0, pageSize: Int = 5_000, _ body: ([JournalEntry]) throws -> Void) async throws {
        let database = try await database()
        var cursor = sequence
        while true {
            let rows = try await database.query(
                "SELECT sequence, kind, model, body, recorded_time FROM \(quoted) WHERE sequence > $1 ORDER BY sequence LIMIT $2",
                [.integer(cursor), .integer(Int64(pageSize))]
            )
            let page = try rows.map { row throws(StoreError) in
                JournalEntry(
                    sequence: try row.decode("sequence"), kind: try row.decode("kind"), model: try row.decode("model", as: String?.self),
                    body: try row.decode("body"), time: try row.decode("recorded_time")
                )
            }
            guard let last = page.last else { return }
            try body(page)
            cursor = last.sequence
            next = max(next ?? 0, last.sequence + 1)
            if page.count < pageSize { return }
        }
    }

    private func nextSequence(_ database: any SQLDatabase) async throws(StoreError) -> Int64 {
        if let next { return next }
        let rows = try await database.query("SELECT MAX(sequence) AS last FROM \(quoted)", [])
        let last = try rows.first?.decode("last", as: Int64?.self) ?? nil
        return (last ?? 0) + 1
    }
}

/// The tables of a service's ``Journal``.
public enum JournalTables {
    /// `<service>_journal`: sequence, kind, model, body, market time.
    public static func journal(service: String) -> TableSpec {
        TableSpec(
            TableRef(service: service, name: "journal"),
            columns: [
                Column("sequence", .integer), Column("kind", .text), Column("model", .text, nullable: true), Column("body", .bytes),
                Column("recorded_time", .timestamp),
            ],
            primaryKey: ["sequence"],
            indexes: [IndexSpec("by_model", ["model", "sequence"])]
        )
    }
}
