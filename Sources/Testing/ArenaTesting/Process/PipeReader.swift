import Foundation
import Synchronization

/// Reads a pipe (or any file handle) to its end on a thread of its own
/// (blocking reads, never on the cooperative pool).
///
/// A plain thread rather than Foundation's `readabilityHandler`: that
/// dispatch source crashed in libdispatch on Linux when the child died.
final class PipeReader: Sendable {
    private let bytes = Mutex(Data())
    private let end = Latch<Void>()

    private init() {}

    /// Starts reading the output end of `pipe`, as the file-handle variant does.
    @discardableResult
    static func start(_ pipe: Pipe, chunk: (@Sendable (Data) -> Void)? = nil) -> PipeReader {
        start(pipe.fileHandleForReading, chunk: chunk)
    }

    /// Starts reading `handle`. Each chunk goes to `chunk` if given, and is
    /// otherwise kept for ``finished()``.
    @discardableResult
    static func start(_ handle: FileHandle, chunk: (@Sendable (Data) -> Void)? = nil) -> PipeReader {
        let reader = PipeReader()
        let thread = Thread {
            Thread.current.name = "test-pipe"
            // The handle is captured so that its descriptor stays open while it is read.
            let fd = handle.fileDescriptor
            var buffer = [UInt8](repeating: 0, count: 16_384)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n > 0 {
                    let data = Data(buffer[0..<n])
                    if let chunk { chunk(data) } else { reader.bytes.withLock { $0.append(data) } }
                } else if n == 0 || errno != EINTR {
                    break
                }
            }
            reader.end.open(())
        }
        thread.start()
        return reader
    }

    /// Everything read (that was not handed to a chunk handler), once the pipe has ended.
    func finished() async -> Data {
        await end.wait()
        return bytes.withLock { $0 }
    }
}

/// Splits a byte stream into lines as it arrives.
final class LineCollector: Sendable {
    private let state = Mutex<(lines: [String], partial: String)>(([], ""))

    /// Adds a chunk; completes the pending partial line if it has a newline.
    func append(_ data: Data) {
        let chunk = String(decoding: data, as: UTF8.self)
        state.withLock { s in
            var parts = (s.partial + chunk).components(separatedBy: "\n")
            s.partial = parts.removeLast()
            s.lines += parts
        }
    }

    /// The complete lines so far.
    var lines: [String] { state.withLock { $0.lines } }
}
