/// The last `capacity` values by key, the oldest dropped first: what a restarted peer may
/// send again comes soon after the original, so a bounded window recognises it.
struct RecentWindow<Value> {
    let capacity: Int
    private var byKey: [String: Value] = [:]
    /// Keys in insertion order; those before `head` are dropped already (compacted in halves,
    /// so an insertion costs amortised constant time on the risk guard's hot path).
    private var order: [String] = []
    private var head = 0

    init(capacity: Int = 4_096) { self.capacity = capacity }

    subscript(key: String) -> Value? { byKey[key] }

    /// Remembers `value` under `key`; false (and nothing changed) when the key is already there.
    @discardableResult
    mutating func insert(_ value: Value, for key: String) -> Bool {
        guard byKey[key] == nil else { return false }
        byKey[key] = value
        order.append(key)
        if order.count - head > capacity {
            byKey[order[head]] = nil
            head += 1
            if head >= capacity {
                order.removeFirst(head)
                head = 0
            }
        }
        return true
    }
}

extension RecentWindow: Sendable where Value: Sendable {}
