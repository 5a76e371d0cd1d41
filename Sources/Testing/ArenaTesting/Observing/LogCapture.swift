import Logging
import Synchronization

/// A log handler that keeps what it is given, for tests to read: warnings a component logged,
/// or every line of a run to scan for secrets.
public final class LogCapture: Sendable {
    /// One log event, its metadata as text.
    public struct Entry: Sendable {
        public var level: Logger.Level
        public var message: String
        public var metadata: [String: String]

        /// The event as one line: level, message and sorted `key=value` metadata.
        public var line: String { "\(level) \(message) " + metadata.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: " ") }
    }

    private let entries = Mutex<[Entry]>([])

    public init() {}

    /// A logger at trace level writing here.
    public var logger: Logger {
        var logger = Logger(label: "test") { _ in Handler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    /// Every event, in order.
    public var all: [Entry] { entries.withLock { $0 } }

    /// Warnings and worse, in order.
    public var warnings: [Entry] { entries.withLock { $0.filter { $0.level >= .warning } } }

    private struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let fields = (metadata.merging(event.metadata ?? [:]) { $1 }).mapValues { "\($0)" }
            capture.entries.withLock { $0.append(Entry(level: event.level, message: "\(event.message)", metadata: fields)) }
        }
    }
}

/// Polls `condition` until it holds; false after `timeout`, which only guards against hanging
/// (tests wait for things this way, never with a fixed sleep).
public func within(_ timeout: Duration = .seconds(30), _ condition: () async -> Bool) async -> Bool {
    let end = ContinuousClock.now.advanced(by: timeout)
    while ContinuousClock.now < end {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return await condition()
}

/// A test's wait that ended without its condition.
public struct WaitTimedOut: Error, CustomStringConvertible {
    public let description: String
}

/// Polls `condition` (a throw fails the wait at once) until it holds; throws ``WaitTimedOut``
/// naming `what` after `timeout`, which only guards against hanging.
public func eventually(_ what: String, timeout: Duration = .seconds(30), _ condition: () async throws -> Bool) async throws {
    let end = ContinuousClock.now.advanced(by: timeout)
    while ContinuousClock.now < end {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(20))
    }
    throw WaitTimedOut(description: "timed out waiting for \(what)")
}
