#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a file could not be read: the path and the operating system's reason.
struct TextFileError: Error, Sendable, Equatable, CustomStringConvertible {
    let path: String
    let reason: String

    var description: String { "\(path): \(reason)" }
}

/// Reads small text files (configuration, mounted secrets, `/proc` entries)
/// with plain POSIX calls, so the reason for a failure is the `errno` text on
/// every platform and files whose size is unknown in advance (`/proc`) read whole.
enum TextFile {
    /// Files larger than this are refused: nothing read here is supposed to be big,
    /// and a mistaken path to a large file should fail instead of filling memory.
    static let maximumSize = 4 << 20

    /// The file's contents as UTF-8 text.
    static func contents(of path: String) throws(TextFileError) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw TextFileError(path: path, reason: errnoText()) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 << 10)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw TextFileError(path: path, reason: errnoText())
            }
            bytes.append(contentsOf: chunk[..<count])
            guard bytes.count <= maximumSize else {
                throw TextFileError(path: path, reason: "larger than \(maximumSize) bytes")
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw TextFileError(path: path, reason: "not UTF-8 text")
        }
        return text
    }

    private static func errnoText() -> String {
        guard let message = strerror(errno) else { return "error \(errno)" }
        return String(cString: message)
    }
}
