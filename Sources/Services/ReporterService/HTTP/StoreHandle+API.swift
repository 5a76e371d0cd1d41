import ArenaRuntime
import ArenaStore

extension StoreHandle {
    /// The store for a request: a 503 while it is not open yet (or failed), never a wait.
    func forRequest() throws -> any SQLDatabase {
        guard let database = current else { throw APIError.unavailable("the store is not open yet (starting, or failed: see the reporter's log)") }
        return database
    }
}
