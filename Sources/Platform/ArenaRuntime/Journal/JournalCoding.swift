import ArenaCore
import ArenaWire
import Foundation

/// A record a service journals: with what the journal's columns show.
/// Codable for the JSON bodies journals written before the binary bodies hold.
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

/// How journal records become rows and back.
///
/// Bodies are written in the binary codec (``JournalBody``): a step's records
/// are encoded before it is acknowledged, and Foundation's JSON encoder cost
/// more than the rest of the step. Bodies in JSON, which earlier builds wrote,
/// are still read, so a journal keeps working across the upgrade without a
/// migration (old rows stay JSON, new rows are binary).
public enum JournalCoding {
    /// The row of `record`.
    public static func encode<R: BinaryJournalRecord>(_ record: R) throws(WireError) -> (kind: String, model: String?, body: [UInt8], time: Timestamp) {
        var body = JournalBodyWriter()
        try record.writeJournalBody(&body)
        return (record.journalKind, record.journalModel?.value, body.writer.bytes, record.journalTime)
    }

    /// The record of `entry`, binary or JSON.
    public static func decode<R: BinaryJournalRecord>(_ type: R.Type, from entry: JournalEntry) throws(JournalDecodingError) -> R {
        do {
            switch entry.body.first {
            case JournalBody.binaryFormat:
                var reader = JournalBodyReader(entry.body)
                return try R.readJournalBody(kind: entry.kind, &reader)
            case UInt8(ascii: "{"):
                return try JSONDecoder().decode(R.self, from: Data(entry.body))
            case let first:
                throw WireError.invalidValue(path: "body", reason: "unknown body format \(first.map { "\($0)" } ?? "(empty)")")
            }
        } catch {
            throw JournalDecodingError(sequence: entry.sequence, kind: entry.kind, reason: "\(error)")
        }
    }
}
