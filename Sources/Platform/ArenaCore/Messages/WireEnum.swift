/// A closed set of named values carried on the wire by their string raw value.
///
/// Conforming gives an exact Codable form (the raw value; an unknown value is
/// a decoding error naming the allowed ones) and lets the schema generator
/// list the cases. It also replaces the standard library's generic
/// `RawRepresentable` coding, which the codec benchmark showed to be slow.
public protocol WireEnum: RawRepresentable, CaseIterable, Codable, Sendable, Hashable where RawValue == String {}

extension WireEnum {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let raw = try c.decode(String.self)
        guard let value = Self(rawValue: raw) else {
            let allowed = Self.allCases.map(\.rawValue).joined(separator: ", ")
            throw DecodingError.dataCorruptedError(
                in: c, debugDescription: "\"\(raw.prefix(64))\" is not one of \(allowed)"
            )
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}
