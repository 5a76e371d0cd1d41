/// The frame protocol between a ``Dispatcher`` (ROUTER, binds) and its
/// ``Worker``s (DEALER, connect). Version 1.
///
/// ## Frames
///
/// Every message is two or three ZeroMQ frames. On the dispatcher's side
/// the ROUTER adds the worker's routing id in front (frame 0 below); the
/// worker sends and receives the rest as is. There is no empty delimiter
/// frame: both sides are asynchronous sockets, not REQ/REP.
///
/// ```
/// frame 0   routing id      dispatcher side only; 1–255 bytes chosen by the
///                           worker, random, fresh for every session
/// frame 1   header          "AAD" (0x41 0x41 0x44), version 0x01, command (1 byte),
///                           then the command's fixed fields, all big-endian
/// frame 2   body            only for the commands that have one
/// ```
///
/// | command | byte | direction | header after the command byte | body |
/// |---|---|---|---|---|
/// | READY | 0x01 | worker → dispatcher | capacity u32, heartbeat interval ms u32 | worker name (UTF-8) |
/// | HEARTBEAT | 0x02 | both | heartbeat interval ms u32 | — |
/// | JOB | 0x03 | dispatcher → worker | job id u64, time budget ms u32 | job envelope |
/// | RESULT | 0x04 | worker → dispatcher | job id u64 | result envelope (correlation = job envelope id) |
/// | FAILED | 0x05 | worker → dispatcher | job id u64 | reason (UTF-8) |
/// | CANCEL | 0x06 | dispatcher → worker | job id u64 | — |
/// | DISCONNECT | 0x07 | both | — | — |
///
/// Header sizes are therefore READY 13, HEARTBEAT 9, JOB 17, RESULT 13,
/// FAILED 13, CANCEL 13 and DISCONNECT 5 bytes. A message with another
/// signature, version, command, header size or frame count is malformed:
/// it is counted, logged and dropped.
///
/// ## Rules
///
/// 1. A worker opens a session by choosing a fresh random routing id and
///    sending READY with `capacity` (jobs it runs at once, ≥ 1) and its
///    heartbeat interval.
/// 2. The dispatcher gives a JOB to the live worker with a free slot that is
///    least loaded (in flight ÷ capacity), the least recently used first on a
///    tie. Jobs are pipelined: a worker may hold up to `capacity` at once.
///    The budget is the time left until the job's deadline.
/// 3. The worker answers every JOB exactly once, with RESULT or FAILED; that
///    answer frees the slot, also for a job the dispatcher already gave up.
/// 4. Both sides send HEARTBEAT every interval. Any message counts as a sign
///    of life. A side that hears nothing for `liveness` × the peer's
///    interval declares the peer dead.
/// 5. When a worker is declared dead (silence, or its connection is gone),
///    its unfinished jobs go back to the front of the queue and are
///    re-dispatched to other workers; its routing id is remembered as dead.
/// 6. When a job's deadline passes, `submit` returns `timedOut` and the
///    worker holding it gets CANCEL; its late RESULT is dropped and counted.
/// 7. Any message from a dead or unknown routing id gets DISCONNECT, and a
///    RESULT or FAILED from it is dropped and counted. A worker receiving
///    DISCONNECT cancels its jobs, closes its socket and starts a new
///    session (rule 1) under a new routing id. So a job is never held by two
///    live workers at once.
/// 8. A worker that hears nothing from the dispatcher for its liveness
///    window cancels its jobs and starts a new session. A worker that shuts
///    down sends DISCONNECT, and its jobs are re-dispatched at once.
/// 9. A dispatcher that shuts down sends DISCONNECT to every live worker.
enum DispatchProtocol {
    static let signature: [UInt8] = [0x41, 0x41, 0x44]
    static let version: UInt8 = 1

    enum Command: UInt8 {
        case ready = 0x01
        case heartbeat = 0x02
        case job = 0x03
        case result = 0x04
        case failed = 0x05
        case cancel = 0x06
        case disconnect = 0x07

        /// Header length including signature, version and command byte.
        var headerLength: Int {
            switch self {
            case .ready: 13
            case .heartbeat: 9
            case .job: 17
            case .result, .failed, .cancel: 13
            case .disconnect: 5
            }
        }

        var hasBody: Bool {
            switch self {
            case .ready, .job, .result, .failed: true
            case .heartbeat, .cancel, .disconnect: false
            }
        }
    }

    /// One decoded protocol message (without the routing id).
    enum Message: Equatable {
        case ready(capacity: UInt32, heartbeatMilliseconds: UInt32, name: String)
        case heartbeat(intervalMilliseconds: UInt32)
        case job(id: UInt64, budgetMilliseconds: UInt32, envelope: [UInt8])
        case result(id: UInt64, envelope: [UInt8])
        case failed(id: UInt64, reason: String)
        case cancel(id: UInt64)
        case disconnect
    }

    struct MalformedMessage: Error, CustomStringConvertible {
        let description: String
    }

    // MARK: Encoding

    /// The frames of `message`, header first.
    static func frames(_ message: Message) -> [[UInt8]] {
        switch message {
        case let .ready(capacity, interval, name):
            var h = header(.ready)
            append(capacity, to: &h)
            append(interval, to: &h)
            return [h, Array(name.utf8)]
        case let .heartbeat(interval):
            var h = header(.heartbeat)
            append(interval, to: &h)
            return [h]
        case let .job(id, budget, envelope):
            var h = header(.job)
            append(id, to: &h)
            append(budget, to: &h)
            return [h, envelope]
        case let .result(id, envelope):
            return [header(.result, id: id), envelope]
        case let .failed(id, reason):
            return [header(.failed, id: id), Array(reason.utf8)]
        case let .cancel(id):
            return [header(.cancel, id: id)]
        case .disconnect:
            return [header(.disconnect)]
        }
    }

    private static func header(_ command: Command) -> [UInt8] {
        var h = signature
        h.reserveCapacity(command.headerLength)
        h.append(version)
        h.append(command.rawValue)
        return h
    }

    private static func header(_ command: Command, id: UInt64) -> [UInt8] {
        var h = header(command)
        append(id, to: &h)
        return h
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    // MARK: Decoding

    /// Decodes the frames of one message (routing id already removed).
    static func parse(_ frames: ArraySlice<[UInt8]>) throws(MalformedMessage) -> Message {
        guard let head = frames.first else { throw MalformedMessage(description: "no frames") }
        guard head.count >= 5, head[0..<3].elementsEqual(signature) else {
            throw MalformedMessage(description: "not a dispatch protocol header")
        }
        guard head[3] == version else { throw MalformedMessage(description: "dispatch protocol version \(head[3]) is not supported") }
        guard let command = Command(rawValue: head[4]) else {
            throw MalformedMessage(description: "unknown command 0x\(String(head[4], radix: 16))")
        }
        guard head.count == command.headerLength else {
            throw MalformedMessage(description: "\(command) header of \(head.count) bytes, expected \(command.headerLength)")
        }
        guard frames.count == (command.hasBody ? 2 : 1) else {
            throw MalformedMessage(description: "\(command) with \(frames.count) frame(s)")
        }
        let body = command.hasBody ? frames[frames.startIndex + 1] : []
        switch command {
        case .ready:
            guard let name = String(validating: body, as: UTF8.self) else { throw MalformedMessage(description: "worker name is not UTF-8") }
            return .ready(capacity: read(head, at: 5), heartbeatMilliseconds: read(head, at: 9), name: name)
        case .heartbeat:
            return .heartbeat(intervalMilliseconds: read(head, at: 5))
        case .job:
            return .job(id: read(head, at: 5), budgetMilliseconds: read(head, at: 13), envelope: body)
        case .result:
            return .result(id: read(head, at: 5), envelope: body)
        case .failed:
            return .failed(id: read(head, at: 5), reason: String(decoding: body, as: UTF8.self))
        case .cancel:
            return .cancel(id: read(head, at: 5))
        case .disconnect:
            return .disconnect
        }
    }

    private static func read<T: FixedWidthInteger>(_ bytes: [UInt8], at offset: Int) -> T {
        bytes.withUnsafeBytes { T(bigEndian: $0.loadUnaligned(fromByteOffset: offset, as: T.self)) }
    }
}
