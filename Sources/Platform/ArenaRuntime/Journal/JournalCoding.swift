import ArenaCore
import Foundation

/// A record a service journals: Codable, with what the journal's columns show.
public protocol JournalRecord: Codable, Sendable {
    /// What the record is (the journal's `kind` column).
    var journalKind: String { get }
    /// The model it is about, if one.
    var journalModel: ModelID? { get }
    /// Its market time.
    var journalTime: Timestamp { get }
}

/// Why a journal entry could not be read back.
public struct JournalDecodingError: Error, CustomStringConvertible {
    public let sequence: Int64
    public let kind: String
    public let reason: String
    public var description: String { "journal entry \(sequence) (\(kind)) cannot be read: \(reason)" }
}

/// How journal records become rows and back: JSON bodies, readable with any
/// SQL client, and tolerant of records that grow fields (a journal outlives
/// builds). The hot path pays for it only once per state change.
public enum JournalCoding {
    /// The row of `record`.
    public static func encode<R: JournalRecord>(_ record: R) throws -> (kind: String, model: String?, body: [UInt8], time: Timestamp) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (record.journalKind, record.journalModel?.value, Array(try encoder.encode(record)), record.journalTime)
    }

    /// The record of `entry`.
    public static func decode<R: JournalRecord>(_ type: R.Type, from entry: JournalEntry) throws(JournalDecodingError) -> R {
        do { return try JSONDecoder().decode(R.self, from: Data(entry.body)) } catch {
            throw JournalDecodingError(sequence: entry.sequence, kind: entry.kind, reason: "\(error)")
        }
    }
}
