import CZeroMQ
import Synchronization

/// A libzmq context: the I/O threads and the namespace of `inproc://` endpoints.
///
/// Components that talk over `inproc://` must share a context, so
/// ``shared`` is the default everywhere; explicit contexts isolate a group of
/// sockets (tests, embedded tools). A libzmq context is thread-safe, which is
/// why this type is `Sendable` while sockets are not.
public final class ZMQContext: @unchecked Sendable {
    // @unchecked: `handle` is immutable after init and libzmq contexts may be
    // used from any thread; the only mutable state is behind `services`.

    /// The process-wide context: every component that is not given another
    /// one uses it, so their `inproc://` endpoints can reach each other.
    public static let shared: ZMQContext = {
        do { return try ZMQContext() } catch {
            // zmq_ctx_new fails only when the process is out of file
            // descriptors or memory at start-up; nothing can run without it.
            preconditionFailure("cannot create the shared ZeroMQ context: \(error)")
        }
    }()

    let handle: UnsafeMutableRawPointer
    fileprivate let services = Mutex<[String: any ContextService]>([:])

    /// Creates a context with `ioThreads` background I/O threads.
    public init(ioThreads: Int = 1) throws(ZMQError) {
        guard let h = zmq_ctx_new() else { throw ZMQError.last("zmq_ctx_new") }
        handle = h
        try ZMQError.check("zmq_ctx_set(ZMQ_IO_THREADS)") { zmq_ctx_set(h, ZMQ_IO_THREADS, Int32(clamping: ioThreads)) }
    }

    /// Stops the context's helper services (the ZAP authenticator) and makes
    /// every blocking call on its sockets fail with `ETERM`, so that their
    /// owners close them. The context itself is freed when the last socket
    /// that references it is gone.
    public func shutdown() {
        let running = services.withLock { s -> [any ContextService] in
            defer { s.removeAll() }
            return Array(s.values)
        }
        for service in running { service.stop() }
        zmq_ctx_shutdown(handle)
    }

    deinit {
        // Every ZMQSocket holds its context strongly, so no socket is open
        // here and zmq_ctx_term cannot block on one; it is retried on EINTR.
        while zmq_ctx_term(handle) != 0 && zmq_errno() == EINTR {}
    }

    /// The service registered under `key`, creating it with `make` on first use.
    ///
    /// Used for per-context singletons such as the ZAP handler, which must be
    /// bound exactly once per context at `inproc://zeromq.zap.01`.
    func service<S: ContextService>(_ key: String, make: () throws(BusError) -> S) throws(BusError) -> S {
        try services.withLock { (s: inout [String: any ContextService]) throws(BusError) -> S in
            if let existing = s[key] as? S { return existing }
            let created = try make()
            s[key] = created
            return created
        }
    }
}

extension ZMQContext {
    /// The service registered under `key`, if it was ever started.
    func existingService<S: ContextService>(_ key: String, as type: S.Type) -> S? {
        services.withLock { $0[key] as? S }
    }
}

/// A helper that lives as long as its context (see ``ZMQContext/shutdown()``).
protocol ContextService: AnyObject, Sendable {
    /// Stops the service's thread and closes its sockets.
    func stop()
}
