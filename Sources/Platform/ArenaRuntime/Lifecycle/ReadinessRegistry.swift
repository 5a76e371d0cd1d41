import Synchronization

/// Why a readiness check could not be registered.
public enum ReadinessError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Another component already registered a check with this name.
    case duplicate(name: String)
    /// The name is empty, too long, or has characters outside `[A-Za-z0-9._-]`.
    case invalidName(name: String)

    /// A one-line description for logs and messages.
    public var description: String {
        switch self {
        case let .duplicate(name): "readiness check \"\(name)\" is already registered"
        case let .invalidName(name): "readiness check name \"\(name)\" must be 1 to 64 characters of [A-Za-z0-9._-]"
        }
    }
}

/// The state of one named check in a ``ReadinessReport``.
public struct ReadinessCheckStatus: Sendable, Equatable, Codable {
    /// The check's name.
    public var name: String
    /// Whether it passes.
    public var ready: Bool
    /// Why it does not pass (`nil` when it does).
    public var reason: String?
}

/// Every check at one moment, sorted by name.
public struct ReadinessReport: Sendable, Equatable {
    /// All checks.
    public var checks: [ReadinessCheckStatus]
    /// Whether every check passes (vacuously true with none registered).
    public var isReady: Bool { checks.allSatisfy(\.ready) }
    /// The checks that do not pass.
    public var failing: [ReadinessCheckStatus] { checks.filter { !$0.ready } }
}

/// The named readiness checks of one process, which components flip as their
/// dependencies come and go (bus connected, database reachable, warm-up
/// done). `GET /readyz` passes only when all of them do.
///
/// Flip-style rather than polled probes: the component that knows its state
/// reports it when it changes, so a readiness request never waits on I/O.
public final class ReadinessRegistry: Sendable {
    private struct State {
        var ready: Bool
        var reason: String?
    }

    private let checks: Mutex<[String: State]>
    /// For a scoped view: the prefix (`gateway.`) its checks are registered and read under.
    private let prefix: String
    /// The registry a scoped view shares its checks with.
    private let root: ReadinessRegistry?

    /// An empty registry.
    public init() {
        checks = Mutex([:])
        prefix = ""
        root = nil
    }

    private init(root: ReadinessRegistry, prefix: String) {
        checks = Mutex([:])
        self.prefix = prefix
        self.root = root
    }

    /// A view for one of several services in a process: its checks are
    /// `<scope>.<name>` in this registry (and in `/readyz`), and its
    /// ``isReady`` and ``report()`` cover only them.
    public func scoped(_ scope: String) -> ReadinessRegistry {
        ReadinessRegistry(root: root ?? self, prefix: prefix + scope + ".")
    }

    /// The registry that holds the checks (self, or the one a scoped view belongs to).
    private var storage: ReadinessRegistry { root ?? self }

    /// Registers a check that starts failing with `reason` until its owner
    /// calls ``ReadinessCheck/markReady()`` — a component is not ready until it says so.
    public func register(_ name: String, reason: String = "starting") throws(ReadinessError) -> ReadinessCheck {
        guard (1...64).contains(name.count), name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else {
            throw .invalidName(name: name)
        }
        let name = prefix + name
        let added = storage.checks.withLock { checks in
            guard checks[name] == nil else { return false }
            checks[name] = State(ready: false, reason: reason)
            return true
        }
        guard added else { throw .duplicate(name: name) }
        return ReadinessCheck(name: name, registry: storage)
    }

    /// The current state of every check.
    public func report() -> ReadinessReport {
        let snapshot = storage.checks.withLock { $0 }.filter { $0.key.hasPrefix(prefix) }
        return ReadinessReport(checks: snapshot.sorted { $0.key < $1.key }.map {
            ReadinessCheckStatus(name: $0.key, ready: $0.value.ready, reason: $0.value.ready ? nil : $0.value.reason)
        })
    }

    /// Whether every check passes.
    public var isReady: Bool { storage.checks.withLock { $0.allSatisfy { !$0.key.hasPrefix(prefix) || $0.value.ready } } }

    fileprivate func update(_ name: String, ready: Bool, reason: String?) {
        checks.withLock { $0[name] = State(ready: ready, reason: reason) }
    }

    fileprivate func remove(_ name: String) {
        _ = checks.withLock { $0.removeValue(forKey: name) }
    }
}

/// The handle through which one component flips its readiness check.
public struct ReadinessCheck: Sendable {
    /// The check's name.
    public let name: String
    private let registry: ReadinessRegistry

    fileprivate init(name: String, registry: ReadinessRegistry) {
        self.name = name
        self.registry = registry
    }

    /// The check passes.
    public func markReady() { registry.update(name, ready: true, reason: nil) }

    /// The check fails, with `reason` shown by `/readyz`.
    public func markNotReady(_ reason: String) { registry.update(name, ready: false, reason: reason) }

    /// Removes the check (a component that stopped for good); its name can be registered again.
    public func unregister() { registry.remove(name) }
}
