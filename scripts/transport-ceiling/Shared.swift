// The pieces both ceiling programs share: a value the size of a `Trade`,
// the per-message stamp, and the wall-clock read every message carries.
import Foundation
import Synchronization

struct Decimal128 { var raw: Int128 }

/// Shaped like `ArenaCore.Trade`: two short strings, two 128-bit decimals, ids and times.
struct TradeSized: Sendable {
    var venue = "binance", symbol = "BTCUSDT"
    var market: UInt8 = 0, side: UInt8 = 1
    var id: Int64 = 1
    var price = Decimal128(raw: 67_124_450_000_000_000), quantity = Decimal128(raw: 1_230_000_000)
    var eventTime: Int64 = 5, receivedAt: Int64 = 6
}

/// A value with the stamp's per-message parts, as a typed subscription holds it.
struct Stamped<Value: Sendable>: Sendable {
    var value: Value
    var stream: UInt32, sequence: UInt64, topicSequence: UInt64, sentAt: Int64
}

@inline(never) func wallClock() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
}

/// The publisher's part: a sequence number under a lock and a stamp.
let sequences = Mutex<UInt64>(0)
@inline(__always) func stamp(_ value: TradeSized) -> Stamped<TradeSized> {
    let n = sequences.withLock { $0 &+= 1; return $0 }
    return Stamped(value: value, stream: 0, sequence: n, topicSequence: n, sentAt: wallClock())
}

func report(_ design: String, count: Int, since start: UInt64) {
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    print(design, String(format: "%.2f M msg/s", Double(count) / seconds / 1e6))
}
