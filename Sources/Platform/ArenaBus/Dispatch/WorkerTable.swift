import ArenaCore
/// The dispatcher's view of its worker sessions: who is live, how loaded,
/// when last heard, and which sessions are dead (and must not come back).
struct WorkerTable {
    struct Session {
        let routingID: [UInt8]
        let id: WorkerID
        let capacity: Int
        /// The worker's announced heartbeat interval.
        let heartbeatNanos: UInt64
        var lastHeard: UInt64
        /// Jobs the worker holds, including ones the dispatcher already gave
        /// up on: the slot stays taken until the worker answers.
        var holding: Set<UInt64> = []
        /// Assignment counter value of the last job given, for LRU order.
        var lastAssigned: UInt64 = 0
        /// Its queue was full; no assignments until it is heard from again.
        var blocked = false
    }

    private(set) var live: [[UInt8]: Session] = [:]
    private var dead: Set<[UInt8]> = []
    private var deadOrder = RingBuffer<[UInt8]>()
    private let deadMemory: Int
    private var assignments: UInt64 = 0

    init(deadMemory: Int) {
        self.deadMemory = max(deadMemory, 1)
    }

    var jobsHeld: Int { live.values.reduce(0) { $0 + $1.holding.count } }

    func isDead(_ routingID: [UInt8]) -> Bool { dead.contains(routingID) }

    mutating func register(routingID: [UInt8], name: String, capacity: Int, heartbeatNanos: UInt64, now: UInt64) -> Session {
        let session = Session(
            routingID: routingID, id: WorkerID(name: name, session: routingID.hex),
            capacity: capacity, heartbeatNanos: heartbeatNanos, lastHeard: now
        )
        live[routingID] = session
        return session
    }

    /// Records a sign of life; false when the session is not live.
    mutating func heard(from routingID: [UInt8], now: UInt64) -> Bool {
        guard live[routingID] != nil else { return false }
        live[routingID]!.lastHeard = now
        live[routingID]!.blocked = false
        return true
    }

    /// The live session with a free slot that is least loaded (held ÷
    /// capacity), least recently assigned on a tie.
    func pickIdle() -> [UInt8]? {
        var best: Session?
        for session in live.values where !session.blocked && session.holding.count < session.capacity {
            guard let b = best else {
                best = session
                continue
            }
            // Compare loads as fractions without floating point.
            let lhs = session.holding.count * b.capacity, rhs = b.holding.count * session.capacity
            if lhs < rhs || (lhs == rhs && session.lastAssigned < b.lastAssigned) { best = session }
        }
        return best?.routingID
    }

    mutating func assign(_ job: UInt64, to routingID: [UInt8]) {
        assignments &+= 1
        live[routingID]?.holding.insert(job)
        live[routingID]?.lastAssigned = assignments
    }

    /// Frees the slot of `job`; true if the session held it.
    mutating func release(_ job: UInt64, from routingID: [UInt8]) -> Bool {
        live[routingID]?.holding.remove(job) != nil
    }

    mutating func block(_ routingID: [UInt8]) {
        live[routingID]?.blocked = true
    }

    /// Removes a session and remembers it as dead; returns it if it was live.
    mutating func remove(_ routingID: [UInt8]) -> Session? {
        guard let session = live.removeValue(forKey: routingID) else { return nil }
        dead.insert(routingID)
        deadOrder.append(routingID)
        if deadOrder.count > deadMemory, let forgotten = deadOrder.popFirst() { dead.remove(forgotten) }
        return session
    }

    /// Sessions silent for longer than `liveness` of their heartbeat intervals.
    func silent(now: UInt64, liveness: Int) -> [[UInt8]] {
        live.values.filter { now &- $0.lastHeard > $0.heartbeatNanos &* UInt64(liveness) }.map(\.routingID)
    }
}

extension Array where Element == UInt8 {
    /// Lower-case hex, for routing ids in logs.
    var hex: String { HexText.lowercase(self) }
}
