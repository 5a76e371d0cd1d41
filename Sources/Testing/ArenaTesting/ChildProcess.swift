import Foundation
import Synchronization

/// A child process for integration tests: started with a pipe on stdin and
/// stdout, its output lines collected, killable with any signal.
public final class ChildProcess: Sendable {
    private let process: Process
    private let stdin: Pipe
    private let collected = LineCollector()

    /// Starts `executable` with `arguments` and this process's environment, except
    /// that its `ARENA_…` variables (the test runner's own, such as
    /// `ARENA_TEST_POSTGRES_URL`, which an arena service would read as
    /// configuration overrides) are replaced by `environment`'s.
    public init(_ executable: URL, _ arguments: [String], environment: [String: String] = [:]) throws {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ARENA_") }
            .merging(environment) { _, new in new }
        let stdout = Pipe(), stdin = Pipe()
        process.standardOutput = stdout
        process.standardInput = stdin
        self.process = process
        self.stdin = stdin
        try process.run()
        // A plain thread with blocking reads: Foundation's readabilityHandler
        // (a dispatch source) crashed in libdispatch on Linux when the child died.
        let fd = stdout.fileHandleForReading.fileDescriptor
        Thread { [collected] in
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n > 0 { collected.append(Data(buffer[0..<n])) } else if n == 0 || errno != EINTR { break }
            }
        }.start()
    }

    /// The complete lines printed so far.
    public var output: [String] { collected.lines }

    /// Whether the process is still running.
    public var isRunning: Bool { process.isRunning }

    /// The process id.
    public var pid: Int32 { process.processIdentifier }

    /// Waits until a printed line satisfies `predicate`, or `timeout` passes.
    public func waitForLine(timeout: Duration, _ predicate: (String) -> Bool) async -> String? {
        let clock = ContinuousClock(), end = clock.now.advanced(by: timeout)
        while clock.now < end {
            if let line = output.first(where: predicate) { return line }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return nil
    }

    /// Sends `signal` (SIGKILL by default: no goodbye, no flushing).
    public func kill(_ signal: Int32 = SIGKILL) {
        _ = Foundation.kill(process.processIdentifier, signal)
    }

    /// Ends the process: closes its stdin, then kills it if it is still running.
    public func stop() {
        try? stdin.fileHandleForWriting.close()
        if process.isRunning { kill() }
        process.waitUntilExit()
    }

    deinit { stop() }
}

/// Splits a byte stream into lines as it arrives.
private final class LineCollector: Sendable {
    private let state = Mutex<(lines: [String], partial: String)>(([], ""))

    func append(_ data: Data) {
        let chunk = String(decoding: data, as: UTF8.self)
        state.withLock { s in
            var parts = (s.partial + chunk).components(separatedBy: "\n")
            s.partial = parts.removeLast()
            s.lines += parts
        }
    }

    var lines: [String] { state.withLock { $0.lines } }
}

/// What a finished command printed and how it ended.
public struct CompletedProcess: Sendable, CustomStringConvertible {
    public var status: Int32
    public var stdout: String
    public var stderr: String

    public var description: String { "exit \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }
}

extension ChildProcess {
    /// Runs `executable` with `arguments` to completion and collects both streams
    /// (read concurrently, so a chatty stderr cannot block the child).
    public static func run(_ executable: URL, _ arguments: [String]) throws -> CompletedProcess {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let errData = Mutex(Data())
        let errDone = DispatchSemaphore(value: 0)
        Thread {
            errData.withLock { $0 = err.fileHandleForReading.readDataToEndOfFile() }
            errDone.signal()
        }.start()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        errDone.wait()
        return CompletedProcess(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: errData.withLock { $0 }, as: UTF8.self)
        )
    }
}
