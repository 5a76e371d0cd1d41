import Foundation

/// A child process run to its end. Its output goes to a file read after it ended (no thread blocks
/// reading a pipe) and its end is awaited through its termination handler, so no thread of the
/// cooperative pool waits on it.
struct ChildRun {
    /// The exit status.
    var status: Int32
    /// Standard output and standard error, interleaved.
    var output: String

    static func run(_ executable: String, _ arguments: [String]) async throws -> ChildRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID().uuidString).txt")
        FileManager.default.createFile(atPath: file.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: file) }
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        process.standardOutput = handle
        process.standardError = handle
        let finished = AsyncStream<Void>.makeStream()
        process.terminationHandler = { _ in finished.continuation.finish() }
        try process.run()
        for await _ in finished.stream {}
        return ChildRun(status: process.terminationStatus, output: (try? String(contentsOf: file, encoding: .utf8)) ?? "")
    }
}
