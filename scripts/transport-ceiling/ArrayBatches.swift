// The transport's own design, specialised: the repository's `BoundedBuffer`
// (a Mutex-guarded array the consumer swaps out per batch).
import Foundation

@main struct ArrayBatches {
    static func main() async { await run() }
}

nonisolated func run() async {
    let count = 5_000_000
    for _ in 0..<4 {
        let buffer = BoundedBuffer<Stamped<TradeSized>>(capacity: count + 10)
        let start = DispatchTime.now().uptimeNanoseconds
        let producer = Task.detached {
            for _ in 0..<count { _ = buffer.offer(stamp(TradeSized())) }
        }
        var taken = 0, sum: Int64 = 0
        for await message in BoundedStream(buffer: buffer) {
            sum &+= message.value.id
            taken += 1
            if taken == count { break }
        }
        await producer.value
        precondition(sum == Int64(count))
        report("Mutex-guarded array, batches swapped out:", count: count, since: start)
    }
}
