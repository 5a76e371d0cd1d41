/// The last `capacity` values by key, the oldest dropped first: what a restarted peer may
/// send again comes soon after the original, so a bounded window recognises it.
struct RecentWindow<Value> {
    let capacity: Int
    private var byKey: [String: Value] = [:]
    private var order: [String] = []

    init(capacity: Int = 4_096) { self.capacity = capacity }

    subscript(key: String) -> Value? { byKey[key] }

    /// Remembers `value` under `key`; false (and nothing changed) when the key is already there.
    @discardableResult
    mutating func insert(_ value: Value, for key: String) -> Bool {
        guard byKey[key] == nil else { return false }
        byKey[key] = value
        order.append(key)
        if order.count > capacity { byKey[order.removeFirst()] = nil }
        return true
    }
}

extension RecentWindow: Sendable where Value: Sendable {}
