import Foundation

/// Encoding and decoding of values with either codec.
public enum WireCodecs {
    /// JSON with sorted keys, so equal values give equal bytes.
    static func makeJSONEncoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return e
    }

    static func makeJSONDecoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return d
    }

    /// Encodes `value` with `codec`.
    public static func encode<T: Encodable>(_ value: T, codec: WireCodec) throws(WireError) -> [UInt8] {
        switch codec {
        case .binary:
            return try BinaryEncoder().encode(value)
        case .json:
            do { return [UInt8](try makeJSONEncoder().encode(value)) } catch {
                throw WireError.encoding(String(describing: error))
            }
        }
    }

    /// Encodes a message body with `codec`, using the message's own binary form when it has one.
    public static func encodeBody<M: WireMessage>(_ message: M, codec: WireCodec) throws(WireError) -> [UInt8] {
        switch codec {
        case .binary:
            var w = WireWriter(capacity: 96)
            try message.encodeBinaryBody(into: &w)
            return w.bytes
        case .json:
            return try encode(message, codec: .json)
        }
    }

    /// Decodes a `T` from `bytes` with `codec`.
    public static func decode<T: Decodable>(
        _ type: T.Type, from bytes: some ContiguousBytes, codec: WireCodec, binaryDecoder: BinaryDecoder = BinaryDecoder()
    ) throws(WireError) -> T {
        switch codec {
        case .binary:
            return try binaryDecoder.decode(type, from: bytes)
        case .json:
            let data = bytes.withUnsafeBytes { Data($0) }
            do { return try makeJSONDecoder().decode(type, from: data) } catch let error as DecodingError {
                throw WireError.jsonDecoding(WireError(error).description)
            } catch {
                throw WireError.jsonDecoding(String(describing: error))
            }
        }
    }
}
