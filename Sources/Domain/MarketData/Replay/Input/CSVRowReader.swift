/// What a replay does with a record it cannot parse.
public enum BadRowPolicy: String, Sendable, CaseIterable {
    /// Stop with the record's ``ReplayError`` (the default: nothing is dropped unseen).
    case fail
    /// Skip the record and keep its error in the source's report.
    case skip
}

/// The records a source skipped under ``BadRowPolicy/skip``.
public struct SkippedRows: Sendable, Equatable {
    /// How many records were skipped.
    public internal(set) var count = 0
    /// The first ``keep`` errors, in file order.
    public internal(set) var first: [ReplayError] = []
    /// How many errors are kept.
    public static let keep = 100

    mutating func record(_ error: ReplayError) {
        count += 1
        if first.count < Self.keep { first.append(error) }
    }
}

/// Reads a CSV file record by record: skips blank lines, offers the first
/// record for header and layout detection, splits each line in place and
/// turns a field parser's failure into a ``ReplayError`` naming file, line and field.
struct CSVRowReader {
    private(set) var lines: ByteLines
    private var fields = CSVFields()
    /// A data line read during detection, returned by the next ``next(_:)``.
    private var pending: Range<Int>?
    /// Whether a bad record stops the read or is skipped.
    let badRows: BadRowPolicy
    /// What was skipped.
    private(set) var skipped = SkippedRows()

    init(lines: ByteLines, badRows: BadRowPolicy = .fail) {
        self.lines = lines
        self.badRows = badRows
    }

    /// The label used in errors.
    var source: String { lines.source }

    /// Reads the first non-blank record and calls `inspect` with its fields; unless
    /// `inspect` returns true (it consumed a header), the record stays pending as data.
    /// Returns nil for a file with no records.
    mutating func first<R>(_ inspect: (CSVFields, UnsafeBufferPointer<UInt8>) throws(ReplayError) -> (R, consumed: Bool)) throws(ReplayError) -> R? {
        var range: Range<Int>?
        repeat { range = try lines.next() } while range?.isEmpty == true
        guard let range else { return nil }
        let (result, consumed) = try Self.split(range, lines: lines, fields: &fields) { fields, line throws(ReplayError) in try inspect(fields, line) }
        if !consumed { pending = range }
        return result
    }

    /// The next record parsed by `parse`, or nil at the end of the file.
    ///
    /// `parse` sets `field` to the name of the field it is reading, so its
    /// failure can be placed; the error's line is the record's.
    @inline(__always)
    mutating func next<T>(_ parse: (CSVFields, inout StaticString?) throws(ExactNumber.Problem) -> T) throws(ReplayError) -> T? {
        while true {
            let range: Range<Int>
            if let p = pending {
                range = p
                pending = nil
            } else {
                guard let r = try lines.next() else { return nil }
                range = r
            }
            if range.isEmpty { continue }
            var field: StaticString?
            do {
                return try Self.split(range, lines: lines, fields: &fields) { fields, _ throws(ExactNumber.Problem) in try parse(fields, &field) }
            } catch {
                let failure = ReplayError(source: lines.source, line: lines.lineNumber, field: field.map { "\($0)" }, reason: error.reason)
                guard badRows == .skip else { throw failure }
                skipped.record(failure)
            }
        }
    }

    /// Splits line `range` into `fields` and runs `body`. Static, with the buffers passed
    /// separately, so the line's bytes and the reused field storage are borrowed together.
    @inline(__always)
    private static func split<R, E: Error>(
        _ range: Range<Int>, lines: borrowing ByteLines, fields: inout CSVFields,
        _ body: (CSVFields, UnsafeBufferPointer<UInt8>) throws(E) -> R
    ) throws(E) -> R {
        try lines.withLine(range) { bytes throws(E) -> R in
            fields.split(bytes)
            return try body(fields, bytes)
        }
    }
}
