import CZeroMQ

/// Sending and receiving frames. A message is one or more frames delivered
/// atomically; the bus never sees half a multipart message.
extension ZMQSocket {
    /// Sends one frame; `more` says another frame of the same message follows.
    ///
    /// - Returns: `false` when `dontWait` is set and the socket would block
    ///   (high-water mark reached, no peer yet); `true` once queued.
    @discardableResult
    public func send(_ frame: [UInt8], more: Bool = false, dontWait: Bool = false) throws(ZMQError) -> Bool {
        let result = frame.withUnsafeBytes { raw in
            Result { () throws(ZMQError) -> Bool in try send(raw: raw, more: more, dontWait: dontWait) }
        }
        return try result.get()
    }

    /// Sends the UTF-8 bytes of `text` as one frame (a topic, a routing key)
    /// without building an intermediate array.
    @discardableResult
    public func send(text: String, more: Bool = false, dontWait: Bool = false) throws(ZMQError) -> Bool {
        var text = text
        let result = text.withUTF8 { utf8 in
            Result { () throws(ZMQError) -> Bool in
                try send(raw: UnsafeRawBufferPointer(utf8), more: more, dontWait: dontWait)
            }
        }
        return try result.get()
    }

    /// Sends one frame from raw bytes (libzmq copies them before returning).
    @discardableResult
    public func send(raw: UnsafeRawBufferPointer, more: Bool = false, dontWait: Bool = false) throws(ZMQError) -> Bool {
        let h = try requireHandle("zmq_send")
        let flags = (more ? ZMQ_SNDMORE : 0) | (dontWait ? ZMQ_DONTWAIT : 0)
        while true {
            if zmq_send(h, raw.baseAddress, raw.count, flags) >= 0 { return true }
            let code = zmq_errno()
            if code == EINTR { continue }
            if code == EAGAIN { return false }
            throw ZMQError(operation: "zmq_send(\(type))", code: code)
        }
    }

    /// Sends a multipart message.
    ///
    /// - Returns: `false` when `dontWait` is set and the first frame would
    ///   block; nothing was sent then. Once the first frame is accepted
    ///   libzmq accepts the rest of the message.
    @discardableResult
    public func send(_ frames: [[UInt8]], dontWait: Bool = false) throws(ZMQError) -> Bool {
        guard !frames.isEmpty else { return true }
        for (i, frame) in frames.enumerated() {
            let more = i < frames.count - 1
            guard try send(frame, more: more, dontWait: dontWait) else {
                if i == 0 { return false }
                throw ZMQError(operation: "zmq_send(\(type))", code: EAGAIN, message: "multipart message interrupted after \(i) frame(s)")
            }
        }
        return true
    }

    /// Receives one frame into a Swift array (one copy out of the `zmq_msg_t`).
    ///
    /// - Returns: the bytes and whether more frames of the message follow, or
    ///   `nil` when nothing is available (`dontWait`, or `ZMQ_RCVTIMEO` expired).
    public func receiveFrame(dontWait: Bool = false) throws(ZMQError) -> (bytes: [UInt8], more: Bool)? {
        guard let (bytes, more) = try receiveFrame(dontWait: dontWait, { $0.isEmpty ? [] : [UInt8]($0) }) else { return nil }
        return (bytes, more)
    }

    /// Receives one frame and hands its bytes to `read` while they are still
    /// inside libzmq's message, so a caller can build exactly the value it
    /// needs (a `String` topic, say) without an intermediate array.
    ///
    /// - Returns: what `read` returned and whether more frames follow, or `nil`
    ///   when nothing is available.
    public func receiveFrame<T>(dontWait: Bool = false, _ read: (UnsafeRawBufferPointer) -> T) throws(ZMQError) -> (T, more: Bool)? {
        let h = try requireHandle("zmq_msg_recv")
        let msg = scratchMessage
        zmq_msg_init(msg)
        defer { zmq_msg_close(msg) }
        let flags = dontWait ? ZMQ_DONTWAIT : 0
        while zmq_msg_recv(msg, h, flags) < 0 {
            let code = zmq_errno()
            if code == EINTR { continue }
            if code == EAGAIN { return nil }
            throw ZMQError(operation: "zmq_msg_recv(\(type))", code: code)
        }
        // The data pointer of a small message points into the zmq_msg_t
        // itself, so it is read here, while `msg` stays put.
        let value = read(UnsafeRawBufferPointer(start: zmq_msg_data(msg), count: zmq_msg_size(msg)))
        return (value, zmq_msg_more(msg) != 0)
    }

    /// Receives a whole multipart message.
    ///
    /// - Returns: its frames, or `nil` when nothing is available (`dontWait`,
    ///   or `ZMQ_RCVTIMEO` expired).
    public func receive(dontWait: Bool = false) throws(ZMQError) -> [[UInt8]]? {
        guard let first = try receiveFrame(dontWait: dontWait) else { return nil }
        var frames = [first.bytes]
        var more = first.more
        while more {
            // The remaining frames of a message arrive with its first one, so
            // this never waits; a nil here means the socket was torn down.
            guard let next = try receiveFrame(dontWait: dontWait) else {
                throw ZMQError(operation: "zmq_msg_recv(\(type))", code: EAGAIN, message: "multipart message ended early")
            }
            frames.append(next.bytes)
            more = next.more
        }
        return frames
    }
}
