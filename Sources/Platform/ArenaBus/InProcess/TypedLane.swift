import ArenaCore
import Synchronization

/// The parts of a message's stamp a typed lane keeps beside its value.
@usableFromInline
struct LaneStamp: Sendable {
    /// The stream (publisher instance and topic) in the feed's stream table.
    @usableFromInline let stream: UInt32
    @usableFromInline let sequence: UInt64
    @usableFromInline let topicSequence: UInt64?
    @usableFromInline let sentAt: Timestamp
    @usableFromInline let trace: String?

    /// The stamp of the message `offset` places later in the same batch.
    func advanced(by offset: Int) -> LaneStamp {
        LaneStamp(
            stream: stream, sequence: sequence &+ UInt64(offset), topicSequence: topicSequence.map { $0 &+ UInt64(offset) },
            sentAt: sentAt, trace: trace
        )
    }
}

/// Padding that keeps what one thread writes off the cache line of what the
/// other thread reads (a line is 64 bytes; this is 56 plus the field after it).
private typealias LinePadding = (Int, Int, Int, Int, Int, Int, Int)
private let linePadding: LinePadding = (0, 0, 0, 0, 0, 0, 0)

/// One publisher's way into a typed subscription: a queue of values with
/// one writer (the publisher, which delivers under its own lock) and one
/// reader (the subscription's reader, under the feed's reader lock), and no
/// lock between them.
///
/// Values live in segments of ``segmentSize`` slots, allocated as the
/// queue fills (up to `capacity` messages) and kept for reuse as it drains,
/// so a deep buffer costs memory only once it is used. The writer publishes
/// its count after each message, the reader after each batch; each reads
/// the other's count only when its cached copy says the queue is full or
/// empty. The two counts, the writer's fields and the reader's fields sit
/// on separate cache lines, and neither side touches a reference count per
/// message: the threads share only the lines they must.
final class TypedLane<Message: Sendable>: @unchecked Sendable {
    /// Slots per segment: a power of two (a slot is an index masked), no
    /// larger than the capacity needs and at most 1024.
    let segmentSize: Int
    private let slotMask: Int

    /// Messages buffered before an offer is refused.
    let capacity: Int
    private let padBeforeWritten = linePadding
    /// Messages written, published by the writer after each one.
    private let writtenCount = Atomic<Int>(0)
    private let padBeforeRead = linePadding
    /// Messages read, published by the reader after each batch.
    private let readCount = Atomic<Int>(0)
    private let padBeforeWriter = linePadding
    // The writer's own: its count, its view of the reader's, its segment's slots.
    private var written = 0
    private var readSeen = 0
    private var writeValues: UnsafeMutablePointer<Message>
    private var writeStamps: UnsafeMutablePointer<LaneStamp>
    private let padBeforeReader = linePadding
    // The reader's own.
    private var read = 0
    private var writtenSeen = 0
    private var readValues: UnsafeMutablePointer<Message>
    private var readStamps: UnsafeMutablePointer<LaneStamp>
    private let padAfterReader = linePadding
    /// Segments from the reader's to the writer's (they own the slots the
    /// pointers above point into), and emptied ones kept for reuse.
    private let segments: Mutex<(live: [LaneSegment<Message>], spare: [LaneSegment<Message>])>

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        segmentSize = min(1024, 1 << (Int.bitWidth - (self.capacity - 1).leadingZeroBitCount))
        slotMask = segmentSize - 1
        let first = LaneSegment<Message>(slots: segmentSize)
        (writeValues, writeStamps) = (first.values, first.stamps)
        (readValues, readStamps) = (first.values, first.stamps)
        segments = Mutex(([first], []))
    }

    /// Writer: appends `value`; false (the value not taken) when `capacity` messages are waiting.
    func offer(_ value: Message, stamp: LaneStamp) -> Bool {
        let index = written
        if index - readSeen >= capacity {
            readSeen = readCount.load(ordering: .acquiring)
            if index - readSeen >= capacity { return false }
        }
        let slot = index & slotMask
        if slot == 0, index > 0 { (writeValues, writeStamps) = nextSegmentForWriting() }
        (writeValues + slot).initialize(to: value)
        (writeStamps + slot).initialize(to: stamp)
        written = index + 1
        // Sequentially consistent: the feed's wake-up reads `waiting` after this store.
        writtenCount.store(index + 1, ordering: .sequentiallyConsistent)
        return true
    }

    /// Writer: appends what fits of `values` (one count store for all of
    /// them), stamped as `first` and counted up from its sequence numbers;
    /// returns how many were taken from the front.
    func offer(contentsOf values: UnsafeBufferPointer<Message>, first: LaneStamp) -> Int {
        guard let base = values.baseAddress else { return 0 }
        if written - readSeen + values.count > capacity { readSeen = readCount.load(ordering: .acquiring) }
        let count = min(values.count, capacity - (written - readSeen))
        guard count > 0 else { return 0 }
        var done = 0
        while done < count {
            let slot = written & slotMask
            if slot == 0, written > 0 { (writeValues, writeStamps) = nextSegmentForWriting() }
            let run = min(count - done, segmentSize - slot)
            (writeValues + slot).initialize(from: base + done, count: run)
            for i in 0..<run { (writeStamps + slot + i).initialize(to: first.advanced(by: done + i)) }
            written += run
            done += run
        }
        // Sequentially consistent: the feed's wake-up reads `waiting` after this store.
        writtenCount.store(written, ordering: .sequentiallyConsistent)
        return count
    }

    /// Messages written so far (any thread).
    var writtenSoFar: Int { writtenCount.load(ordering: .relaxed) }

    /// Reader: whether a message is waiting (as of the writer's last store).
    var hasWaiting: Bool { writtenCount.load(ordering: .sequentiallyConsistent) > read }

    /// Reader: moves up to `limit` messages to the end of `batch`, a run of
    /// slots at a time; returns how many.
    func take(into batch: LaneBatch<Message>, limit: Int) -> Int {
        if writtenSeen == read {
            writtenSeen = writtenCount.load(ordering: .acquiring)
            if writtenSeen == read { return 0 }
        }
        let count = min(writtenSeen - read, limit)
        var moved = 0
        while moved < count {
            let slot = read & slotMask
            if slot == 0, read > 0 { (readValues, readStamps) = segmentAfterReading() }
            let run = min(count - moved, segmentSize - slot)
            batch.append(movingFrom: readValues + slot, stamps: readStamps + slot, count: run)
            read += run
            moved += run
        }
        readCount.store(read, ordering: .releasing)
        return count
    }

    /// The writer filled its segment: the next, a spare one if there is one.
    private func nextSegmentForWriting() -> (UnsafeMutablePointer<Message>, UnsafeMutablePointer<LaneStamp>) {
        segments.withLock { s in
            let next = s.spare.popLast() ?? LaneSegment<Message>(slots: segmentSize)
            s.live.append(next)
            return (next.values, next.stamps)
        }
    }

    /// The reader emptied its segment: it becomes spare, and the next is read.
    ///
    /// Spares are all kept (no more than `capacity` needs): a segment freed
    /// and allocated again costs a page fault on every page of it.
    private func segmentAfterReading() -> (UnsafeMutablePointer<Message>, UnsafeMutablePointer<LaneStamp>) {
        segments.withLock { s in
            s.spare.append(s.live.removeFirst())
            return (s.live[0].values, s.live[0].stamps)
        }
    }

    deinit {
        // Values written and never read are destroyed before their segments go.
        while read < written {
            let slot = read & slotMask
            if slot == 0, read > 0 { (readValues, readStamps) = segmentAfterReading() }
            (readValues + slot).deinitialize(count: 1)
            (readStamps + slot).deinitialize(count: 1)
            read += 1
        }
    }
}

/// A lane's block of slots: values and stamps side by side, uninitialised
/// until written and again once moved out.
final class LaneSegment<Message: Sendable>: @unchecked Sendable {
    let values: UnsafeMutablePointer<Message>
    let stamps: UnsafeMutablePointer<LaneStamp>

    init(slots: Int) {
        values = .allocate(capacity: slots)
        stamps = .allocate(capacity: slots)
    }

    deinit {
        values.deallocate()
        stamps.deallocate()
    }
}

/// What the reader moves messages into and the iterator reads in place:
/// slots of values and stamps, all initialised up to ``count``.
@usableFromInline
final class LaneBatch<Message: Sendable>: @unchecked Sendable {
    @usableFromInline let values: UnsafeMutablePointer<Message>
    @usableFromInline let stamps: UnsafeMutablePointer<LaneStamp>
    let capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = capacity
        values = .allocate(capacity: capacity)
        stamps = .allocate(capacity: capacity)
    }

    /// Room left.
    var room: Int { capacity - count }

    /// Moves `count` messages from a lane's slots to the end.
    func append(movingFrom sourceValues: UnsafeMutablePointer<Message>, stamps sourceStamps: UnsafeMutablePointer<LaneStamp>, count moved: Int) {
        precondition(moved <= room, "a lane moved more than the batch holds")
        (values + count).moveInitialize(from: sourceValues, count: moved)
        (stamps + count).moveInitialize(from: sourceStamps, count: moved)
        count += moved
    }

    /// Destroys what it holds (the iterator has copied out what it handed on).
    func removeAll() {
        values.deinitialize(count: count)
        stamps.deinitialize(count: count)
        count = 0
    }

    deinit {
        removeAll()
        values.deallocate()
        stamps.deallocate()
    }
}
