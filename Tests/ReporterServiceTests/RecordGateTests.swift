import ArenaCore
import ArenaWire
import Testing
@testable import ReporterService

/// A lockstep replay's record phase, reporter side: the minute is answered once every publisher's
/// record mark arrived on a socket that was already connected when the minute went out again.
@Suite struct RecordGateTests {
    static func minute(_ n: Int64) -> Timestamp { Timestamp(nanoseconds: n * PaceTopics.intervalNanoseconds) }

    /// A feed of marks, each publisher numbering its own (`instance`, topic sequence).
    struct Feed {
        var gate = RecordGate(publishers: Feed.publishers)
        static let publishers = ReporterComponent.streams.map(\.0.rawValue)
        var sequences: [String: UInt64] = [:]
        var instances: [String: UInt64] = [:]

        mutating func restart(_ peer: String) {
            instances[peer, default: 1] += 1
            sequences[peer] = 0
        }

        mutating func mark(_ peer: String, _ phase: PacePhase, _ minute: Int64, skipping skipped: UInt64 = 0) -> Timestamp? {
            sequences[peer, default: 0] += 1 + skipped
            let metadata = EnvelopeMetadata(
                id: MessageID(instance: instances[peer, default: 1], sequence: sequences[peer]!), source: peer,
                sentAt: Timestamp(nanoseconds: 0), topicSequence: sequences[peer]
            )
            return gate.heard(PaceMark(service: ServiceName(unchecked: peer), through: RecordGateTests.minute(minute), phase: phase), metadata: metadata, from: peer)
        }

        /// Every publisher's settle-or-data mark of `minute` (what precedes the record phase).
        mutating func earlier(_ minute: Int64) {
            for peer in Feed.publishers { _ = mark(peer, .data, minute) }
        }
    }

    @Test func theReporterFollowsTheFourPublishersAndTheTopicsTheyResend() {
        #expect(Feed.publishers == ["gateway", "features", "risk", "oms"])
        // What a RecordingPublisher keeps is what the reporter takes from its streams (heartbeats and alerts aside).
        let recorded = ReporterComponent.streams.flatMap(\.1).filter { !["hb.", "alert."].contains($0) }
        #expect(Set(recorded) == Set(PaceTopics.recordedPrefixes))
    }

    @Test func theMinuteIsAnsweredOnceEveryPublisherMarkedIt() {
        var feed = Feed()
        feed.earlier(1)
        #expect(feed.mark("gateway", .record, 1) == nil)
        #expect(feed.mark("oms", .record, 1) == nil)
        #expect(feed.mark("risk", .record, 1) == nil)
        #expect(feed.mark("features", .record, 1) == Self.minute(1))
        // Answered: the publishers' later marks ask nothing more.
        #expect(feed.mark("oms", .record, 1) == nil)
        // The gateway's repeat (its answer may have been lost) is answered again at once.
        #expect(feed.mark("gateway", .record, 1) == Self.minute(1))
        // The next minute waits for everyone again.
        feed.earlier(2)
        #expect(feed.mark("gateway", .record, 2) == nil)
        #expect(feed.mark("oms", .record, 2) == nil)
    }

    @Test func aMarkOnAFreshConnectionDoesNotCountTheRepeatDoes() {
        var feed = Feed()
        // The reporter (re)started during the record phase: the first marks it hears may follow a partial sending.
        for peer in Feed.publishers { #expect(feed.mark(peer, .record, 1) == nil) }
        // The gateway repeats a second later; every publisher sends its whole minute again, then its mark.
        #expect(feed.mark("gateway", .record, 1) == nil)
        #expect(feed.mark("features", .record, 1) == nil)
        #expect(feed.mark("risk", .record, 1) == nil)
        #expect(feed.mark("oms", .record, 1) == Self.minute(1))
    }

    @Test func aRestartedPublisherOrAMissedMarkCountsOnlyFromItsNextMark() {
        var feed = Feed()
        feed.earlier(1)
        feed.restart("oms")
        for peer in ["gateway", "features", "risk"] { _ = feed.mark(peer, .record, 1) }
        #expect(feed.mark("oms", .record, 1) == nil)  // a new instance: its first mark
        #expect(feed.mark("oms", .record, 1) == Self.minute(1))
        feed.earlier(2)
        for peer in ["gateway", "features", "risk"] { _ = feed.mark(peer, .record, 2) }
        #expect(feed.mark("oms", .record, 2, skipping: 1) == nil)  // a mark between was lost: so may the minute have been
        #expect(feed.mark("gateway", .record, 2) == nil)
        #expect(feed.mark("oms", .record, 2) == Self.minute(2))
    }
}
