import CSQLite
import Foundation

/// Runs a WAL file's checkpoints on a thread and a connection of their own.
///
/// SQLite checkpoints automatically in the commit that takes the WAL past
/// 1,000 pages: that commit copies the pages into the database and waits for
/// `fdatasync`, milliseconds on a busy disk, and a journal write that
/// happened to be that commit held up its service's answer for as long. The
/// writing connection's WAL hook instead wakes this thread, which runs a
/// PASSIVE checkpoint (it never blocks writers or readers) on its own
/// connection while commits carry on.
final class SQLiteCheckpointer: @unchecked Sendable {
    /// WAL pages after a commit that ask for a checkpoint (SQLite's own default).
    static let pages: Int32 = 1_000

    // `requested` and `stopping` are read and written only with `condition` locked;
    // `db` only on the thread.
    private let condition = NSCondition()
    private var requested = false
    private var stopping = false
    private let path: String
    private let busyTimeout: Duration

    /// Starts the thread for the database at `path`; its connection opens at the first checkpoint.
    init(path: String, busyTimeout: Duration) {
        self.path = path
        self.busyTimeout = busyTimeout
        let thread = Thread { [self] in run() }
        thread.name = "arena.sqlite.ckpt"
        thread.start()
    }

    /// Makes `db` (a writing connection, on its own thread) hand its checkpoints to this thread.
    func attach(to db: OpaquePointer) {
        sqlite3_wal_hook(db, { context, _, _, pages in
            if pages >= SQLiteCheckpointer.pages, let context {
                Unmanaged<SQLiteCheckpointer>.fromOpaque(context).takeUnretainedValue().request()
            }
            return SQLITE_OK
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    /// Undoes ``attach(to:)`` (before `db` closes or this checkpointer goes).
    func detach(from db: OpaquePointer) { sqlite3_wal_hook(db, nil, nil) }

    /// Asks for a checkpoint (requests while one runs make one more).
    func request() {
        condition.lock()
        requested = true
        condition.signal()
        condition.unlock()
    }

    /// Lets the thread finish (after a checkpoint in progress) and close its connection.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    private func run() {
        var db: OpaquePointer?
        defer { sqlite3_close_v2(db) }
        while waitForRequest() {
            if db == nil { db = open() }
            guard let db else { continue }
            // Failures (a busy database) are left to the next request: the WAL only grows meanwhile.
            _ = sqlite3_wal_checkpoint_v2(db, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
        }
    }

    /// Sleeps until a request (true) or ``stop()`` (false).
    private func waitForRequest() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while !requested && !stopping { condition.wait() }
        requested = false
        return !stopping
    }

    private func open() -> OpaquePointer? {
        var handle: OpaquePointer?
        guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK, let handle else {
            sqlite3_close_v2(handle)
            return nil
        }
        let (seconds, attoseconds) = busyTimeout.components
        sqlite3_busy_timeout(handle, Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000))
        return handle
    }
}
