import ArenaWire

/// The subscriber's thread: owns the SUB socket, parses frames, tracks
/// sequences and feeds the bounded buffer.
struct SubscriberLoop {
    /// Messages read per wake-up before commands are looked at again, so a
    /// flood cannot starve `close()` or subscription changes.
    private static let batch = 256

    private let socket: ZMQSocket
    private let core: SubscriberCore
    private let maxFrameBytes: Int
    private var tracker = SequenceTracker()
    private var malformedLog = LogThrottle()
    /// The previous message's topic: consecutive messages mostly share one, and
    /// reusing the string saves an allocation per message for topics over 15 bytes.
    private var lastTopic = ""
    /// Messages the full buffer refused; nothing more is read until they are taken.
    private var pending: ArraySlice<any BusMessage> = []

    init(socket: ZMQSocket, core: SubscriberCore, maxFrameBytes: Int) {
        self.socket = socket
        self.core = core
        self.maxFrameBytes = maxFrameBytes
    }

    mutating func run() {
        var poller = Poller()
        let socketIndex = poller.add(socket)
        poller.add(fileDescriptor: core.inbox.wake.readFD)
        while !core.inbox.isStopping {
            do {
                poller.setEvents(pending.isEmpty ? .readable : [], at: socketIndex)
                try poller.poll(timeout: nil)
                try applyCommands()
                if !pending.isEmpty {
                    pending = pending.dropFirst(core.buffer.offer(contentsOf: pending))
                    guard pending.isEmpty else { continue }
                }
                if poller.isReadable(socketIndex) { try readBatch() }
                core.queueDepth.set(core.buffer.count)
            } catch {
                if !error.isTerminated { core.logger.error("subscriber stopped: \(error)") }
                return
            }
        }
    }

    private func applyCommands() throws(ZMQError) {
        try core.inbox.drain { (command) throws(ZMQError) in
            switch command {
            case let .subscribe(prefix): try socket.subscribe(prefix)
            case let .unsubscribe(prefix): try socket.unsubscribe(prefix)
            }
        }
    }

    private mutating func readBatch() throws(ZMQError) {
        var batch: [any BusMessage] = []
        batch.reserveCapacity(Self.batch)
        defer {
            switch core.delivery {
            case .stream:
                // Delivered in one go; what does not fit waits in `pending`.
                pending = batch[...].dropFirst(core.buffer.offer(contentsOf: batch[...]))
            case let .handler(handle):
                for message in batch { handle(message) }
            }
        }
        for _ in 0..<Self.batch {
            guard let message = try receiveMessage() else { return }
            if let message { batch.append(message) }
        }
    }

    /// Reads one `[topic, envelope]` message frame by frame (no intermediate
    /// arrays): nil when nothing is waiting, `.some(nil)` when it was malformed.
    private mutating func receiveMessage() throws(ZMQError) -> (any BusMessage)?? {
        let previous = lastTopic
        guard let (topic, more) = try socket.receiveFrame(dontWait: true, { raw -> String? in
            if previous.utf8.elementsEqual(raw) { return previous }
            return String(validating: raw.bindMemory(to: UInt8.self), as: UTF8.self)
        }) else { return nil }
        if let topic { lastTopic = topic }
        guard more else { return .some(reject("expected [topic, envelope], got 1 frame")) }
        // The rest of a message arrives with its first frame.
        guard let (frame, extra) = try socket.receiveFrame(dontWait: true) else {
            return .some(reject("message ended after its topic"))
        }
        if extra {
            var count = 2
            while let (_, more) = try socket.receiveFrame(dontWait: true), more { count += 1 }
            return .some(reject("expected [topic, envelope], got \(count + 1) frame(s)"))
        }
        guard let topic else { return .some(reject("topic is not UTF-8")) }
        return .some(parse(topic: topic, frame: frame))
    }

    private mutating func parse(topic: String, frame: [UInt8]) -> (any BusMessage)? {
        let envelope: Envelope
        do { envelope = try Envelope(parsing: frame, maxFrameBytes: maxFrameBytes) } catch {
            return reject("bad envelope on \(topic): \(error)")
        }
        core.received.increment()
        track(envelope.metadata, topic: topic)
        return EncodedBusMessage(topic: topic, envelope: envelope)
    }

    private mutating func track(_ metadata: EnvelopeMetadata, topic: String) {
        switch tracker.observe(metadata, topic: topic) {
        case .first, .inOrder:
            break
        case let .gap(gap):
            core.gaps.increment()
            core.missed.increment(by: Int(clamping: gap.missing))
            core.gapContinuation.yield(gap)
            core.logger.warning("sequence gap: \(gap)")
        case .restart:
            core.restarts.increment()
            core.logger.info(
                "publisher restarted",
                metadata: ["source": "\(metadata.source)", "instance": "\(String(metadata.id.instance, radix: 16))"]
            )
        case let .stale(last):
            core.stale.increment()
            core.logger.debug("stale sequence \(metadata.id) after \(last)")
        }
    }

    private mutating func reject(_ why: String) -> (any BusMessage)? {
        core.malformed.increment()
        if let n = malformedLog.record() {
            core.logger.warning("malformed message skipped (\(n) so far): \(why)")
        }
        return nil
    }
}
