import ArenaBus
import ArenaCore
import ArenaWire
import Testing
@testable import ArenaRuntime

/// A lockstep replay's record phase, publisher side: the minute's recorded messages go again on
/// `record.<topic>` just before every record mark, a repeated mark sends them (and whatever came
/// since) again, and a new boundary starts a new minute.
@Suite struct RecordingPublisherTests {
    static let oms = ServiceName(unchecked: "oms")
    static func minute(_ n: Int64) -> Timestamp { Timestamp(nanoseconds: n * PaceTopics.intervalNanoseconds) }

    @Test func aRecordMarkSendsTheMinuteAgainAheadOfIt() async throws {
        let bus = InProcessBus()
        let publisher = RecordingPublisher(try bus.publisher(service: Self.oms, bind: "inproc://oms"))
        let reporter = try bus.subscriber(
            service: ServiceName(unchecked: "reporter"), connect: ["inproc://oms"], topics: ["record.", "pace.", "fill."], bufferCapacity: 256
        )
        let outputs = ServiceOutputs(publisher: publisher, service: Self.oms, logger: quietLogger)
        try publisher.publish(WireSamples.trade, topic: "fill.m1")
        try publisher.publish(WireSamples.trade, topic: "hb.oms")  // not recorded
        try publisher.publish(contentsOf: [WireSamples.trade, WireSamples.trade], topic: "order.m1", trace: "t-1")
        outputs.paceMark(through: Self.minute(1), phase: .data)  // not a record mark: nothing again
        outputs.paceMark(through: Self.minute(1), phase: .record)
        try publisher.publish(WireSamples.trade, topic: "acct.m1")  // a restarted peer's repeat, before the repeated mark
        outputs.paceMark(through: Self.minute(1), phase: .record)
        outputs.paceMark(through: Self.minute(2), phase: .record)  // a new minute: nothing was published in it
        try publisher.publish(WireSamples.trade, topic: "pace.end")

        var seen: [(topic: String, trace: String?, phase: PacePhase?)] = []
        for await message in reporter.messages {
            if message.topic == "pace.end" { break }
            let phase = message.is(PaceMark.self) ? try message.decode(PaceMark.self).phase : nil
            seen.append((message.topic, message.metadata.trace, phase))
        }
        let minute = ["record.fill.m1", "record.order.m1", "record.order.m1"]
        #expect(seen.map(\.topic) == ["fill.m1", "pace.oms"] + minute + ["pace.oms"] + minute + ["record.acct.m1", "pace.oms", "pace.oms"])
        #expect(seen.compactMap(\.phase) == [.data, .record, .record, .record])
        #expect(seen.filter { $0.topic == "record.order.m1" }.allSatisfy { $0.trace == "t-1" })
        await reporter.close()
        publisher.close()
    }

    @Test func onlyTheTopicsTheReporterRecordsAreKept() {
        for topic in ["md.bar.1m.BTCUSDT", "decision.m1", "risk.verdict.m1", "risk.state.arena", "order.m1", "fill.m1", "funding.m1", "acct.m1"] {
            #expect(RecordingPublisher.isRecorded(topic), "\(topic)")
        }
        for topic in ["md.bar.5m.BTCUSDT", "md.trade.BTCUSDT", "feat.snapshot", "round.completed", "hb.oms", "alert.halt", "pace.oms"] {
            #expect(!RecordingPublisher.isRecorded(topic), "\(topic)")
        }
    }
}
