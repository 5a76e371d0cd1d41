// The ideal: a lock-free single-producer, single-consumer ring of values,
// the consumer polling (yielding the core when empty).
import Foundation
import Synchronization

final class Ring<Element>: @unchecked Sendable {
    private let capacity: Int
    private let slots: UnsafeMutablePointer<Element>
    private let head = Atomic<Int>(0)  // written by the consumer
    private let tail = Atomic<Int>(0)  // written by the producer
    private var headSeen = 0, tailSeen = 0  // each side's cached view of the other's index

    init(capacity: Int) {
        self.capacity = capacity
        slots = .allocate(capacity: capacity)
    }

    @inline(__always) func offer(_ element: Element) -> Bool {
        let t = tail.load(ordering: .relaxed)
        if t - headSeen >= capacity {
            headSeen = head.load(ordering: .acquiring)
            if t - headSeen >= capacity { return false }
        }
        (slots + t % capacity).initialize(to: element)
        tail.store(t + 1, ordering: .releasing)
        return true
    }

    @inline(__always) func poll(_ body: (Element) -> Void) -> Int {
        let h = head.load(ordering: .relaxed)
        if tailSeen == h {
            tailSeen = tail.load(ordering: .acquiring)
            if tailSeen == h { return 0 }
        }
        for i in h..<tailSeen { body((slots + i % capacity).move()) }
        head.store(tailSeen, ordering: .releasing)
        return tailSeen - h
    }
}

@main struct RingCeiling {
    static func main() async { await run() }
}

nonisolated func run() async {
    let count = 10_000_000
    for _ in 0..<4 {
        let ring = Ring<Stamped<TradeSized>>(capacity: 65_536)
        let start = DispatchTime.now().uptimeNanoseconds
        let producer = Task.detached {
            for _ in 0..<count {
                let message = stamp(TradeSized())
                while !ring.offer(message) { sched_yield() }
            }
        }
        var taken = 0, sum: Int64 = 0
        while taken < count {
            let n = ring.poll { sum &+= $0.value.id }
            taken += n
            if n == 0 { sched_yield() }
        }
        await producer.value
        precondition(sum == Int64(count))
        report("lock-free ring of values:", count: count, since: start)
    }
}
