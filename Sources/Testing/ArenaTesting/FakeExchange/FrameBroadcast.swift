import Foundation
import Synchronization

/// Replays one market's frames on a shared clock to every connected WebSocket,
/// as a live exchange does: a new connection gets what happens from then on.
///
/// Controls: drop every connection, withhold an aggregate-id range, inject
/// garbage frames, pause (a stale feed; paused frames come late, not never).
final class FrameBroadcast: Sendable {
    private struct Subscriber {
        var streams: Set<String>
        var output: AsyncStream<String>.Continuation
    }

    private struct State {
        var subscribers: [Int: Subscriber] = [:]
        var nextID = 1
        var skipped: [ClosedRange<Int64>] = []
        var silencedUntil: ContinuousClock.Instant?
        /// Frames of the current pass sent so far.
        var played = 0
        /// The aggregate id of the last trade frame played (sent or withheld).
        var lastTradeID: Int64?
    }

    private let frames: [FakeMarketData.Frame]
    private let speed: Double
    private let loop: Bool
    /// When the first pass starts (frames due at `start + offset / speed`); nil: when `run()` starts.
    private let start: ContinuousClock.Instant?
    private let state = Mutex(State())

    init(frames: [FakeMarketData.Frame], speed: Double, loop: Bool, start: ContinuousClock.Instant? = nil) {
        self.frames = frames
        self.speed = speed
        self.loop = loop
        self.start = start
    }

    /// A new connection's frame stream, for `streams`.
    func subscribe(streams: Set<String>) -> (Int, AsyncStream<String>) {
        let (stream, output) = AsyncStream.makeStream(of: String.self)
        let id = state.withLock { s in
            defer { s.nextID += 1 }
            s.subscribers[s.nextID] = Subscriber(streams: streams, output: output)
            return s.nextID
        }
        return (id, stream)
    }

    func unsubscribe(_ id: Int) {
        state.withLock { $0.subscribers.removeValue(forKey: id) }?.output.finish()
    }

    /// Ends every connection's stream: their handlers return and the sockets close.
    func dropAll() -> Int {
        let all = state.withLock { s in defer { s.subscribers.removeAll() }; return Array(s.subscribers.values) }
        for s in all { s.output.finish() }
        return all.count
    }

    /// Withholds aggTrade frames with ids in `range` from the stream (REST still serves them).
    func skip(_ range: ClosedRange<Int64>) { state.withLock { $0.skipped.append(range) } }

    /// Sends `count` undecodable frames to every connection now.
    func garbage(count: Int) {
        let garbage = ["\u{01}\u{02}not json", #"{"stream":"x@aggTrade","data":{"e":"aggTrade","#, #"{"e":"trade","p":[]}"#]
        for s in state.withLock({ Array($0.subscribers.values) }) {
            for i in 0..<count { s.output.yield(garbage[i % garbage.count]) }
        }
    }

    /// Sends nothing for `duration`.
    func silence(for duration: Duration) {
        state.withLock { $0.silencedUntil = ContinuousClock.now.advanced(by: duration) }
    }

    /// Frames of the current pass sent so far (what a REST snapshot must include).
    var played: Int { state.withLock { $0.played } }

    /// The aggregate id of the last trade played: where the stream is.
    var lastTradeID: Int64? { state.withLock { $0.lastTradeID } }

    /// Connections open now.
    var connections: Int { state.withLock { $0.subscribers.count } }

    /// Plays the frames until cancelled (once, or over and over with `loop`).
    func run() async {
        let clock = ContinuousClock()
        var first = true
        repeat {
            var start = first ? (self.start ?? clock.now) : clock.now
            first = false
            state.withLock { $0.played = 0 }
            for frame in frames {
                if Task.isCancelled { return }
                var due = start.advanced(by: frame.offset / speed)
                if let until = state.withLock({ $0.silencedUntil }), until > clock.now {
                    // Shift the rest of the replay by the pause.
                    try? await Task.sleep(until: until, clock: clock)
                    start = start.advanced(by: until - Swift.max(due, start))
                    due = start.advanced(by: frame.offset / speed)
                }
                if due > clock.now { try? await Task.sleep(until: due, clock: clock) }
                let targets: [AsyncStream<String>.Continuation] = state.withLock { s in
                    s.played += 1
                    if let id = frame.tradeID { s.lastTradeID = id }
                    if let id = frame.tradeID, s.skipped.contains(where: { $0.contains(id) }) { return [] }
                    return s.subscribers.values.filter { $0.streams.contains(frame.stream) }.map(\.output)
                }
                for t in targets { t.yield(frame.text) }
            }
        } while loop && !Task.isCancelled
    }
}
