/// Keyed container: values are read in call order; keys are not on the wire.
struct BinaryKeyedDecodingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoding: BinaryDecoding
    var codingPath: [any CodingKey] { [] }
    /// Positional records cannot enumerate their keys (so enums with
    /// associated values, which need them, are not supported).
    var allKeys: [Key] { [] }

    func contains(_ key: Key) -> Bool { true }

    /// `error` with `key` added to its path, so validation failures name the field.
    private func annotate(_ error: any Error, _ key: Key) -> any Error {
        switch error {
        case let e as WireError: e.prefixingPath(key.stringValue)
        case let e as DecodingError: WireError(e).prefixingPath(key.stringValue)
        default: error
        }
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        throw WireError.unsupported("decodeNil(forKey:) outside decodeIfPresent (key \(key.stringValue))")
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { do { return try decoding.decodePrimitive(type) } catch { throw annotate(error, key) } }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { do { return try decoding.decodePrimitive(type) } catch { throw annotate(error, key) } }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { do { return try decoding.decodePrimitive(type) } catch { throw annotate(error, key) } }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { do { return try decoding.decodePrimitive(type) } catch { throw annotate(error, key) } }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { do { return try decoding.decodePrimitive(type) } catch { throw annotate(error, key) } }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { do { return try decoding.decodePrimitive(type) } catch { throw annotate(error, key) } }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { do { return try decoding.decodePrimitive(type) } catch { throw annotate(error, key) } }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { do { return try decoding.decodePrimitive(type) } catch { throw annotate(error, key) } }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { do { return try decoding.decodePrimitive(type) } catch { throw annotate(error, key) } }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { do { return try decoding.decodePrimitive(type) } catch { throw annotate(error, key) } }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { do { return try decoding.decodePrimitive(type) } catch { throw annotate(error, key) } }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { do { return try decoding.decodePrimitive(type) } catch { throw annotate(error, key) } }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { do { return try decoding.decodePrimitive(type) } catch { throw annotate(error, key) } }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { do { return try decoding.decodePrimitive(type) } catch { throw annotate(error, key) } }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { do { return try decoding.decodeValue(type) } catch { throw annotate(error, key) } }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { do { return try decoding.decodeOptional(type) } catch { throw annotate(error, key) } }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { do { return try decoding.decodeOptional(type) } catch { throw annotate(error, key) } }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { do { return try decoding.decodeOptional(type) } catch { throw annotate(error, key) } }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { do { return try decoding.decodeOptional(type) } catch { throw annotate(error, key) } }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { do { return try decoding.decodeOptional(type) } catch { throw annotate(error, key) } }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { do { return try decoding.decodeOptional(type) } catch { throw annotate(error, key) } }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { do { return try decoding.decodeOptional(type) } catch { throw annotate(error, key) } }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { do { return try decoding.decodeOptional(type) } catch { throw annotate(error, key) } }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { do { return try decoding.decodeOptional(type) } catch { throw annotate(error, key) } }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { do { return try decoding.decodeOptional(type) } catch { throw annotate(error, key) } }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { do { return try decoding.decodeOptional(type) } catch { throw annotate(error, key) } }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { do { return try decoding.decodeOptional(type) } catch { throw annotate(error, key) } }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { do { return try decoding.decodeOptional(type) } catch { throw annotate(error, key) } }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { do { return try decoding.decodeOptional(type) } catch { throw annotate(error, key) } }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? { do { return try decoding.decodeOptional(type) } catch { throw annotate(error, key) } }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try decoding.container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoding.unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { decoding }
    func superDecoder(forKey key: Key) throws -> any Decoder { decoding }
}

/// Unkeyed container: a varint count, then that many values.
struct BinaryUnkeyedDecodingContainer: UnkeyedDecodingContainer {
    let decoding: BinaryDecoding
    let total: Int
    var currentIndex = 0
    var codingPath: [any CodingKey] { [] }
    var count: Int? { total }
    var isAtEnd: Bool { currentIndex >= total }

    init(decoding: BinaryDecoding, count: Int) {
        self.decoding = decoding
        total = count
    }

    /// Claims the next element index, failing past the encoded count.
    private mutating func advance() throws {
        guard !isAtEnd else { throw WireError.invalidValue(path: "[\(currentIndex)]", reason: "read past the element count \(total)") }
        currentIndex += 1
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { return false }
        // Only an optional's 0 tag is nil; peek without consuming a present value's tag.
        let r = decoding.reader
        guard r.remaining > 0, r.base[r.offset] == 0 else { return false }
        decoding.reader.offset += 1
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try advance()
        return try decoding.decodeValue(type)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try advance()
        return try decoding.container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try advance()
        return try decoding.unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        try advance()
        return decoding
    }
}

/// Single-value container: the value alone.
struct BinarySingleValueDecodingContainer: SingleValueDecodingContainer {
    let decoding: BinaryDecoding
    var codingPath: [any CodingKey] { [] }

    func decodeNil() -> Bool {
        let r = decoding.reader
        guard r.remaining > 0, r.base[r.offset] == 0 else { return false }
        decoding.reader.offset += 1
        return true
    }

    func decode(_ type: Bool.Type) throws -> Bool { try decoding.decodePrimitive(type) }
    func decode(_ type: String.Type) throws -> String { try decoding.decodePrimitive(type) }
    func decode(_ type: Double.Type) throws -> Double { try decoding.decodePrimitive(type) }
    func decode(_ type: Float.Type) throws -> Float { try decoding.decodePrimitive(type) }
    func decode(_ type: Int.Type) throws -> Int { try decoding.decodePrimitive(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decoding.decodePrimitive(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decoding.decodePrimitive(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decoding.decodePrimitive(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decoding.decodePrimitive(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try decoding.decodePrimitive(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decoding.decodePrimitive(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decoding.decodePrimitive(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decoding.decodePrimitive(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decoding.decodePrimitive(type) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoding.decodeValue(type) }
}
