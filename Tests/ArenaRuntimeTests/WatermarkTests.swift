import ArenaBus
import ArenaCore
import Logging
import Synchronization
import Testing
@testable import ArenaRuntime

/// The watermark a lockstep replay waits on, and the acknowledged queue's "nothing owed".
@Suite struct WatermarkTests {
    @Test func aReachedTargetAnswersAtOnceAndALowerAdvanceChangesNothing() async {
        let mark = Watermark<Int>(5)
        #expect(await mark.reached(5))
        #expect(await mark.reached(3))
        mark.advance(to: 2)
        #expect(mark.current == 5)
    }

    @Test func waitersWakeWhenTheMarkReachesTheirTargetAndNotBefore() async {
        let mark = Watermark<Int>()
        // Each waiter notes the mark it woke to: never below its target.
        let low = Task { await mark.reached(1) ? mark.current : nil }
        let high = Task { await mark.reached(3) ? mark.current : nil }
        mark.advance(to: 2)
        #expect(await low.value.map { $0 >= 1 } == true)
        mark.advance(to: 3)
        #expect(await high.value.map { $0 >= 3 } == true)
    }

    @Test func aCancelledWaiterReturnsFalseInsteadOfHanging() async {
        let mark = Watermark<Int>()
        let waiter = Task { await mark.reached(10) }
        waiter.cancel()
        #expect(await waiter.value == false)
        // Cancelled before it even started to wait: the same answer.
        let early = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await mark.reached(10)
        }
        #expect(await early.value == false)
    }

    @Test func aQueueIsDrainedOnceEveryMessageSubmittedIsAcknowledged() async throws {
        let bus = InProcessBus()
        let gate = Watermark<Int>(0)
        let server = try bus.replier(service: ServiceName(unchecked: "oms"), bind: "inproc://drained") { message in
            let alert = try message.decode(Alert.self)
            // The peer holds each acknowledgement until the test lets it go.
            _ = await gate.reached(Int(alert.id)!)
            return alert
        }
        let acknowledged = Recorded<String>()
        let queue = AcknowledgedQueue<Alert, Alert>(
            requester: try bus.requester(service: ServiceName(unchecked: "risk"), connect: "inproc://drained"), peer: "test",
            backoff: Backoff(initial: .milliseconds(10), maximum: .milliseconds(10)),
            hooks: .init(id: \.id, ackID: \.id, acknowledged: { message, _ in acknowledged.append(message.id) }),
            logger: Logger(label: "test")
        )
        let sending = Task { await queue.run() }
        defer { sending.cancel() }
        #expect(await queue.drained(), "nothing submitted, nothing owed")
        for id in 1...3 { await queue.submit(Self.alert(id)) }
        let drained = Task { await queue.drained() }
        gate.advance(to: 3)
        #expect(await drained.value)
        // Drained means every message submitted before the call is acknowledged, the last included.
        #expect(acknowledged.items == ["1", "2", "3"])
        #expect(await queue.pendingCount == 0)
        await server.close()
    }

    static func alert(_ id: Int) -> Alert {
        Alert(id: "\(id)", severity: .info, kind: "test", source: ServiceName(unchecked: "risk"), title: "t", message: "m", time: Timestamp(nanoseconds: 0))
    }

    @Test func aWaitWithinALimitAnswersTrueWhenReachedAndFalseWhenItRunsOut() async throws {
        let mark = Watermark<Int>(1)
        #expect(try await mark.reached(1, within: .seconds(60)))
        // Nothing advances the mark: the limit runs out.
        #expect(try await !mark.reached(2, within: .milliseconds(20)))
        async let waited = mark.reached(3, within: .seconds(60))
        mark.advance(to: 3)
        #expect(try await waited)
    }
}

/// What concurrent tasks recorded, in order.
final class Recorded<Item: Sendable>: Sendable {
    private let storage = Mutex<[Item]>([])
    var items: [Item] { storage.withLock { $0 } }
    func append(_ item: Item) { storage.withLock { $0.append(item) } }
}
