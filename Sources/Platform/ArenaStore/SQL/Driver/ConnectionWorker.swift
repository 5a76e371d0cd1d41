/// A connection and the thread it lives on.
///
/// The connection is opened lazily on first use and replaced whenever it
/// reports itself unusable, so a server restart costs the statement that
/// was in flight (``StoreError/connectionLost(reason:)``) and nothing more.
/// Each replacement bumps ``generation``, which is how a transaction pinned
/// to one connection notices that its connection (and with it the server's
/// transaction) is gone instead of silently continuing on a fresh one.
final class ConnectionWorker<C: DriverConnection>: @unchecked Sendable {
    // `connection` and `generation` are touched only by jobs on `thread`
    // (and by deinit, when no job can exist); that confinement is what makes
    // the unchecked Sendable sound.
    private let thread: DatabaseThread
    private let connect: @Sendable () throws(StoreError) -> C
    private var connection: C?
    private var generation = 0

    /// A worker whose thread is called `name`; `connect` opens a connection (blocking).
    init(name: String, connect: @escaping @Sendable () throws(StoreError) -> C) {
        thread = DatabaseThread(name: name)
        self.connect = connect
    }

    deinit { connection?.close() }

    /// Runs `body` on a live connection, opening or replacing it first if
    /// needed. With `pinned`, runs only on that generation's connection and
    /// throws ``StoreError/connectionLost(reason:)`` if it has been replaced.
    func run<T: Sendable>(
        pinnedTo pinned: Int? = nil,
        _ body: @escaping @Sendable (C, _ generation: Int) throws(StoreError) -> T
    ) async throws(StoreError) -> T {
        try await thread.run { [self] () throws(StoreError) -> T in
            let live = try liveConnection(pinnedTo: pinned)
            do throws(StoreError) {
                return try body(live, generation)
            } catch {
                if case .connectionLost = error { discard() }
                throw error
            }
        }
    }

    /// Prepared statements cached on the current connection (0 if none is open).
    func cachedStatementCount() async -> Int {
        (try? await thread.run { [self] () throws(StoreError) -> Int in connection?.cachedStatementCount ?? 0 }) ?? 0
    }

    /// Closes the connection and lets the thread exit; later runs throw ``StoreError/closed``.
    func shutdown() async {
        await thread.finish { [self] in discard() }
    }

    private func liveConnection(pinnedTo pinned: Int?) throws(StoreError) -> C {
        if let connection, connection.prepareForUse(pinned: pinned != nil) {
            if let pinned, pinned != generation {
                throw StoreError.connectionLost(reason: "the connection was replaced during the transaction")
            }
            return connection
        }
        discard()
        if pinned != nil {
            throw StoreError.connectionLost(reason: "the connection broke during the transaction, which the server has rolled back")
        }
        let fresh = try connect()
        connection = fresh
        generation += 1
        return fresh
    }

    private func discard() {
        connection?.close()
        connection = nil
    }
}
