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
    /// A message the full buffer refused; nothing more is read until it is taken.
    private var pending: ReceivedMessage?

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
                poller.setEvents(pending == nil ? .readable : [], at: socketIndex)
                try poller.poll(timeout: nil)
                try applyCommands()
                if let message = pending {
                    guard deliver(message) else { continue }
                    pending = nil
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
        for _ in 0..<Self.batch {
            guard let frames = try socket.receive(dontWait: true) else { return }
            guard let message = parse(frames) else { continue }
            guard deliver(message) else {
                pending = message
                return
            }
        }
    }

    /// Hands `message` to the consumer; false when the buffer is full.
    private func deliver(_ message: ReceivedMessage) -> Bool {
        switch core.buffer.offer(message) {
        case .accepted, .finished: true
        case .full: false
        }
    }

    private mutating func parse(_ frames: [[UInt8]]) -> ReceivedMessage? {
        guard frames.count == 2 else {
            return reject("expected [topic, envelope], got \(frames.count) frame(s)")
        }
        guard let topic = String(validating: frames[0], as: UTF8.self) else {
            return reject("topic is not UTF-8")
        }
        let envelope: Envelope
        do { envelope = try Envelope(parsing: frames[1], maxFrameBytes: maxFrameBytes) } catch {
            return reject("bad envelope on \(topic): \(error)")
        }
        core.received.increment()
        track(envelope.metadata)
        return ReceivedMessage(topic: topic, envelope: envelope)
    }

    private mutating func track(_ metadata: EnvelopeMetadata) {
        switch tracker.observe(source: metadata.source, id: metadata.id) {
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

    private mutating func reject(_ why: String) -> ReceivedMessage? {
        core.malformed.increment()
        if let n = malformedLog.record() {
            core.logger.warning("malformed message skipped (\(n) so far): \(why)")
        }
        return nil
    }
}
