import ArenaCore
import Foundation

/// One recorded reply: what a provider answered for one sample.
public struct RecordedReply: Sendable, Hashable, Codable {
    public var sample: Int
    public var text: String
    /// `complete`, `truncated`, `refused` or another provider reason; nil when the call failed.
    public var stop: String?
    public var refusal: String?
    /// Why no reply came (`timeout: …`), when none did.
    public var failure: String?
    public var inputTokens: Int64
    public var outputTokens: Int64
    public var requestID: String?

    public init(
        sample: Int, text: String, stop: String?, refusal: String? = nil, failure: String? = nil, inputTokens: Int64, outputTokens: Int64,
        requestID: String?
    ) {
        self.sample = sample
        self.text = text
        self.stop = stop
        self.refusal = refusal
        self.failure = failure
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.requestID = requestID
    }

    enum CodingKeys: String, CodingKey {
        case sample, text, stop, refusal, failure
        case inputTokens = "input_tokens", outputTokens = "output_tokens", requestID = "request_id"
    }
}

/// Replies recorded by agent configuration and snapshot (spec §5): a re-run
/// or a backtest over the same data replays them instead of calling the
/// provider, so it is deterministic and free.
///
/// On disk: `<directory>/<config hash>/<snapshot hash>.json`, a JSON array of
/// ``RecordedReply`` in sample order. Files are written whole to a temporary
/// name and renamed, so a reader never sees half a file.
public struct ReplyBook: Sendable {
    /// What the scorer does with the book.
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        /// Calls the providers and records every reply.
        case record
        /// Never calls a provider: answers from the book, and HOLDs (`no_recorded_reply`) where it has nothing.
        case replay
    }

    public let directory: URL
    public let mode: Mode

    public init(directory: URL, mode: Mode) {
        self.directory = directory
        self.mode = mode
    }

    func file(config: String, snapshot: String) -> URL {
        directory.appendingPathComponent(config, isDirectory: true).appendingPathComponent("\(snapshot).json")
    }

    /// The replies recorded for `config` at `snapshot`, nil when there are none (read off the cooperative pool).
    /// - Throws: ``ReplyBookError`` for a file that cannot be read or decoded.
    public func replies(config: String, snapshot: String) async throws(ReplyBookError) -> [RecordedReply]? {
        let url = file(config: config, snapshot: snapshot)
        return try await OffPool.run { () throws(ReplyBookError) in try Self.read(url) }
    }

    static func read(_ url: URL) throws(ReplyBookError) -> [RecordedReply]? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do {
            return try JSONDecoder().decode([RecordedReply].self, from: Data(contentsOf: url))
        } catch {
            throw .unreadable(path: url.path, reason: "\(error)")
        }
    }

    /// Records `replies` for `config` at `snapshot` (written off the cooperative pool).
    public func record(_ replies: [RecordedReply], config: String, snapshot: String) async throws(ReplyBookError) {
        let url = file(config: config, snapshot: snapshot)
        try await OffPool.run { () throws(ReplyBookError) in try Self.write(replies, to: url, snapshot: snapshot) }
    }

    static func write(_ replies: [RecordedReply], to url: URL, snapshot: String) throws(ReplyBookError) {
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(snapshot).\(UInt64.random(in: 0...UInt64.max)).tmp")
            try encoder.encode(replies).write(to: temporary)
            // rename(2) replaces an existing file atomically.
            guard rename(temporary.path, url.path) == 0 else { throw ReplyBookError.unwritable(path: url.path, reason: String(cString: strerror(errno))) }
        } catch {
            throw .unwritable(path: url.path, reason: "\(error)")
        }
    }
}

/// A recorded-replies file that could not be used.
public enum ReplyBookError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case unwritable(path: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): "recorded replies \(path) cannot be read: \(reason)"
        case let .unwritable(path, reason): "recorded replies \(path) cannot be written: \(reason)"
        }
    }
}
