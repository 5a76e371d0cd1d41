import CPostgres

/// The connection keywords the linked libpq understands.
///
/// Asked of libpq itself (`PQconndefaults`) rather than listed by hand, so a
/// newer libpq's keywords are accepted and a typo is caught while parsing
/// the URL instead of as a vague connection failure.
enum PostgresKeywords {
    private static let known: Set<String> = {
        guard let options = PQconndefaults() else { return [] }
        defer { PQconninfoFree(options) }
        var names: Set<String> = []
        var option = options
        while let keyword = option.pointee.keyword {
            names.insert(String(cString: keyword))
            option += 1
        }
        return names
    }()

    /// True when libpq accepts `name` as a connection keyword.
    static func isKnown(_ name: String) -> Bool { known.contains(name) }
}
