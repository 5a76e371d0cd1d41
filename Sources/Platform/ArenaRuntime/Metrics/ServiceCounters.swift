import Synchronization

/// A service's named counters, reported in status replies and metrics
/// (`environment.reportCounters { counters.counters }`). `Counter` lists them;
/// every one is reported, zero until counted.
public final class ServiceCounters<Counter: RawRepresentable & CaseIterable & Hashable & Sendable>: Sendable where Counter.RawValue == String {
    private let storage = Mutex<[Counter: Int64]>([:])

    public init() {}

    /// Adds `amount` to `counter`.
    public func increment(_ counter: Counter, by amount: Int64 = 1) { storage.withLock { $0[counter, default: 0] += amount } }

    /// Sets a gauge-like `counter` to `value`.
    public func set(_ counter: Counter, _ value: Int64) { storage.withLock { $0[counter] = value } }

    /// The value of `counter`.
    public func value(_ counter: Counter) -> Int64 { storage.withLock { $0[counter] ?? 0 } }

    /// Every counter by name.
    public var counters: [String: Int64] {
        storage.withLock { v in Dictionary(uniqueKeysWithValues: Counter.allCases.map { ($0.rawValue, v[$0] ?? 0) }) }
    }
}
