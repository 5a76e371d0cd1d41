import Foundation

/// A child process for integration tests: started with a pipe on stdin and
/// stdout, its output lines collected, killable with any signal.
///
/// Nothing here blocks a thread of the cooperative pool: output is read on
/// a thread of its own, and the exit is awaited through Foundation's
/// termination handler.
public final class ChildProcess: Sendable {
    private let process: Process
    private let stdin: Pipe
    private let collected = LineCollector()
    private let exit = Latch<Int32>()

    /// Starts `executable` with `arguments` and this process's environment, except
    /// that its `ARENA_…` variables (the test runner's own, such as
    /// `ARENA_TEST_POSTGRES_URL`, which an arena service would read as
    /// configuration overrides) are replaced by `environment`'s. With `standardError`, what it writes
    /// there (the services' log lines) is collected with its output.
    public init(_ executable: URL, _ arguments: [String], environment: [String: String] = [:], standardError: Bool = false) throws {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ARENA_") }
            .merging(environment) { _, new in new }
        let stdout = Pipe(), stdin = Pipe()
        process.standardOutput = stdout
        if standardError { process.standardError = stdout }
        process.standardInput = stdin
        process.terminationHandler = { [exit] process in exit.open(process.terminationStatus) }
        self.process = process
        self.stdin = stdin
        try process.run()
        PipeReader.start(stdout) { [collected] in collected.append($0) }
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

    /// Sends `signal` (SIGKILL by default: no goodbye, no flushing). Does not wait.
    public func kill(_ signal: Int32 = SIGKILL) {
        if process.isRunning { _ = Foundation.kill(process.processIdentifier, signal) }
    }

    /// Ends the process: closes its stdin, kills it if it is still running,
    /// and waits until it has exited.
    public func stop() async {
        abandon()
        _ = await exit.wait()
    }

    /// Closes stdin and kills the process if it is still running, without
    /// waiting: for `defer` blocks, which cannot await. Prefer ``stop()``.
    public func abandon() {
        try? stdin.fileHandleForWriting.close()
        kill()
    }

    deinit { abandon() }
}

/// What a finished command printed and how it ended.
public struct CompletedProcess: Sendable, CustomStringConvertible {
    /// The exit status (or the signal that ended it).
    public var status: Int32
    /// Its standard output, decoded as UTF-8.
    public var stdout: String
    /// Its standard error, decoded as UTF-8.
    public var stderr: String

    /// Status and both streams, for failure messages.
    public var description: String { "exit \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }
}

extension ChildProcess {
    /// Runs `executable` with `arguments` to completion and collects both
    /// streams (each read on a thread of its own, so a chatty stream cannot
    /// block the child). `environment` is added to this process's; with
    /// `replacingArenaVariables`, this process's `ARENA_…` variables (the test
    /// runner's own, which an arena executable would read as configuration
    /// overrides) are left out first, as ``init(_:_:environment:)`` does.
    public static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String] = [:], replacingArenaVariables: Bool = false
    ) async throws -> CompletedProcess {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if !environment.isEmpty || replacingArenaVariables {
            let inherited = ProcessInfo.processInfo.environment.filter { !replacingArenaVariables || !$0.key.hasPrefix("ARENA_") }
            process.environment = inherited.merging(environment) { _, new in new }
        }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let exit = Latch<Int32>()
        process.terminationHandler = { process in exit.open(process.terminationStatus) }
        try process.run()
        let stdout = PipeReader.start(out), stderr = PipeReader.start(err)
        let status = await exit.wait()
        return CompletedProcess(
            status: status, stdout: String(decoding: await stdout.finished(), as: UTF8.self),
            stderr: String(decoding: await stderr.finished(), as: UTF8.self)
        )
    }
}
