#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lines of text as byte ranges of one buffer, from memory or streamed from a
/// (possibly gzipped) file, without a `String` per line.
///
/// ``next()`` returns the range of the next line in ``bytes`` (without `\n`
/// or a trailing `\r`); the range is valid until the following call. Line
/// numbers are 1-based and count every line, blank ones included, so errors
/// point at the line an editor shows.
public struct ByteLines {
    /// The buffer the returned ranges index.
    public private(set) var bytes: [UInt8]
    /// The 1-based number of the line last returned.
    public private(set) var lineNumber = 0
    /// The label used in errors.
    public let source: String
    private var start = 0
    private let stream: ByteStream?
    private var ended: Bool

    /// Lines of an in-memory buffer.
    public init(bytes: [UInt8], source: String) {
        self.bytes = bytes
        self.source = source
        stream = nil
        ended = true
    }

    /// Lines of the file at `path`, inflated when it is gzip.
    public init(path: String, source: String? = nil) throws(ReplayError) {
        let label = source ?? String(path.split(separator: "/").last ?? Substring(path))
        self.source = label
        stream = try ByteStream(path: path, source: label)
        bytes = []
        ended = false
    }

    /// The range of the next line, or nil after the last.
    public mutating func next() throws(ReplayError) -> Range<Int>? {
        while true {
            if let newline = findNewline(from: start) {
                return take(upTo: newline, next: newline + 1)
            }
            if ended {
                guard start < bytes.count else { return nil }
                return take(upTo: bytes.count, next: bytes.count)
            }
            // Keep the unfinished line, drop what was consumed, read more.
            if start > 0 {
                bytes.removeSubrange(0..<start)
                start = 0
            }
            guard let stream else { ended = true; continue }
            do {
                if try !stream.read(into: &bytes) { ended = true }
            } catch {
                throw ReplayError(source: source, line: lineNumber + 1, reason: error.reason)
            }
        }
    }

    private mutating func take(upTo end: Int, next: Int) -> Range<Int> {
        var last = end
        if last > start && bytes[last - 1] == UInt8(ascii: "\r") { last -= 1 }
        let range = start..<last
        start = next
        lineNumber += 1
        return range
    }

    private func findNewline(from index: Int) -> Int? {
        guard index < bytes.count else { return nil }
        return bytes.withUnsafeBufferPointer { b -> Int? in
            guard let base = b.baseAddress, let hit = memchr(base + index, Int32(UInt8(ascii: "\n")), b.count - index) else { return nil }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// Calls `body` with the bytes of `range` (a range returned by ``next()``).
    @inline(__always)
    public func withLine<R, E: Error>(_ range: Range<Int>, _ body: (UnsafeBufferPointer<UInt8>) throws(E) -> R) throws(E) -> R {
        try bytes.withUnsafeBufferPointer { all throws(E) -> R in try body(UnsafeBufferPointer(rebasing: all[range])) }
    }
}

extension ByteLines {
    /// The whole (inflated, when gzip) content of the file at `path`.
    public static func contents(path: String, source: String? = nil) throws(ReplayError) -> [UInt8] {
        let label = source ?? String(path.split(separator: "/").last ?? Substring(path))
        let stream = try ByteStream(path: path, source: label)
        var bytes: [UInt8] = []
        while try stream.read(into: &bytes) {}
        return bytes
    }
}
