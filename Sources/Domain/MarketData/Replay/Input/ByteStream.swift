import CZlib
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of a file, read in chunks and inflated on the fly when the file
/// is gzip (detected from its magic bytes, not its name).
///
/// Capture files are tens of megabytes once inflated, so they are streamed, not
/// loaded whole. Concatenated gzip members (what `cat a.gz b.gz` produces) are
/// read one after another, as `zcat` does.
final class ByteStream {
    private let source: String
    private let fd: Int32
    private var stream = z_stream()
    private let gzip: Bool
    private var input: [UInt8]
    private var inputAvailable = 0
    private var fileEnded = false
    private var streamEnded = false

    /// Opens `path`; `source` labels errors.
    init(path: String, source: String, chunkSize: Int = 1 << 18) throws(ReplayError) {
        self.source = source
        fd = sysOpen(path)
        guard fd >= 0 else { throw ReplayError(source: source, line: 0, reason: "cannot open \(path): \(String(cString: strerror(errno)))") }
        input = [UInt8](repeating: 0, count: chunkSize)
        var magic: [UInt8] = [0, 0]
        let n = pread(fd, &magic, 2, 0)
        gzip = n == 2 && magic == [0x1F, 0x8B]
        if gzip {
            // 15 + 16: a gzip wrapper with the largest window.
            let status = inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
            guard status == Z_OK else {
                sysClose(fd)
                throw ReplayError(source: source, line: 0, reason: "zlib cannot start (status \(status))")
            }
        }
    }

    deinit {
        if gzip { inflateEnd(&stream) }
        sysClose(fd)
    }

    /// Appends up to about one chunk of (inflated) bytes to `buffer`; returns false at the end of the file.
    func read(into buffer: inout [UInt8]) throws(ReplayError) -> Bool {
        gzip ? try inflateChunk(into: &buffer) : try readRaw(into: &buffer)
    }

    private func readRaw(into buffer: inout [UInt8]) throws(ReplayError) -> Bool {
        let n = input.withUnsafeMutableBytes { sysRead(fd, $0) }
        guard n >= 0 else { throw ReplayError(source: source, line: 0, reason: "read failed: \(String(cString: strerror(errno)))") }
        buffer.append(contentsOf: input[0..<n])
        return n > 0
    }

    private func fillInput() throws(ReplayError) {
        guard inputAvailable == 0, !fileEnded else { return }
        let n = input.withUnsafeMutableBytes { sysRead(fd, $0) }
        guard n >= 0 else { throw ReplayError(source: source, line: 0, reason: "read failed: \(String(cString: strerror(errno)))") }
        if n == 0 { fileEnded = true }
        inputAvailable = n
        stream.avail_in = UInt32(n)
    }

    private func inflateChunk(into buffer: inout [UInt8]) throws(ReplayError) -> Bool {
        let chunk = input.count * 4
        var produced = 0
        while produced == 0 {
            try fillInput()
            if inputAvailable == 0 && fileEnded {
                // A file cut inside a member is corrupt, not short.
                guard streamEnded else { throw ReplayError(source: source, line: 0, reason: "gzip data ends inside a member (truncated file)") }
                return false
            }
            let start = buffer.count
            buffer.append(contentsOf: repeatElement(0, count: chunk))
            let consumedBefore = Int(stream.avail_in)
            let status: Int32 = input.withUnsafeMutableBufferPointer { inp in
                buffer.withUnsafeMutableBufferPointer { out in
                    stream.next_in = inp.baseAddress! + (inputAvailable - Int(stream.avail_in))
                    stream.next_out = out.baseAddress! + start
                    stream.avail_out = UInt32(chunk)
                    return inflate(&stream, Z_NO_FLUSH)
                }
            }
            let made = chunk - Int(stream.avail_out)
            buffer.removeLast(chunk - made)
            produced += made
            if Int(stream.avail_in) == 0 { inputAvailable = 0 }
            switch status {
            case Z_OK:
                streamEnded = false
            case Z_BUF_ERROR where made > 0 || consumedBefore != Int(stream.avail_in):
                // No progress possible without more input; the loop reads more.
                streamEnded = false
            case Z_STREAM_END:
                streamEnded = true
                // Another member may follow.
                inflateReset(&stream)
                if produced == 0 && inputAvailable == 0 && fileEnded { return false }
            default:
                let message = stream.msg.map { String(cString: $0) } ?? "status \(status)"
                throw ReplayError(source: source, line: 0, reason: "gzip data is corrupt: \(message)")
            }
        }
        return true
    }
}

// File-scope wrappers: inside the class, `read` and friends would resolve to its own methods.
private func sysOpen(_ path: String) -> Int32 { open(path, O_RDONLY) }
private func sysClose(_ fd: Int32) { _ = close(fd) }
private func sysRead(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer) -> Int { read(fd, buffer.baseAddress, buffer.count) }
