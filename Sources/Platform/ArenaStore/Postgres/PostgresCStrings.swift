/// Arrays of C strings for libpq calls that take `const char * const *`.
///
/// All strings go into one byte buffer (one allocation instead of one per
/// value) and the pointer array points into it; a nil entry is SQL NULL.
struct PostgresCStrings {
    private var bytes: [UInt8] = []
    private var offsets: [Int?] = []

    /// Bound parameters in text format; throws for text PostgreSQL cannot store.
    init(parameters: [SQLValue], statement: String) throws(StoreError) {
        for value in parameters {
            if case .null = value {
                offsets.append(nil)
                continue
            }
            offsets.append(bytes.count)
            try PostgresText.append(value, to: &bytes, escapeCopy: false, statement: statement)
            bytes.append(0)
        }
    }

    /// Plain strings (connection keywords and values). Strings with a NUL
    /// byte end at it, as C would read them; URL parsing has rejected those.
    init(_ strings: [String]) {
        for s in strings {
            offsets.append(bytes.count)
            bytes.append(contentsOf: s.utf8)
            bytes.append(0)
        }
    }

    /// Number of entries.
    var count: Int32 { Int32(offsets.count) }

    /// Calls `body` with a pointer array (nil-terminated, so it also suits
    /// libpq's keyword lists) valid only for the call.
    func withPointers<R>(_ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
        bytes.withUnsafeBufferPointer { buffer in
            let base = UnsafeRawPointer(buffer.baseAddress)?.assumingMemoryBound(to: CChar.self)
            var pointers = offsets.map { offset in offset.flatMap { o in base.map { $0 + o } } }
            pointers.append(nil)
            return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
        }
    }
}
