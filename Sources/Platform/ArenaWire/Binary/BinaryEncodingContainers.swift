/// Keyed container: keys are dropped, values are written in call order.
struct BinaryKeyedEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoding: BinaryEncoding
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) throws { encoding.writer.writeByte(0) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { encoding.encodePrimitive(value) }
    mutating func encode(_ value: String, forKey key: Key) throws { encoding.encodePrimitive(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { encoding.encodePrimitive(value) }
    mutating func encode(_ value: Float, forKey key: Key) throws { encoding.encodePrimitive(value) }
    mutating func encode(_ value: Int, forKey key: Key) throws { encoding.encodePrimitive(value) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { encoding.encodePrimitive(value) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { encoding.encodePrimitive(value) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { encoding.encodePrimitive(value) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { encoding.encodePrimitive(value) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { encoding.encodePrimitive(value) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { encoding.encodePrimitive(value) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { encoding.encodePrimitive(value) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { encoding.encodePrimitive(value) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { encoding.encodePrimitive(value) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try encoding.encodeValue(value) }

    // Positional records have no keys to omit, so absent optionals are written as a 0 tag.
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try encoding.encodeOptional(value) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try encoding.encodeOptional(value) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try encoding.encodeOptional(value) }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try encoding.encodeOptional(value) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try encoding.encodeOptional(value) }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try encoding.encodeOptional(value) }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try encoding.encodeOptional(value) }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try encoding.encodeOptional(value) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try encoding.encodeOptional(value) }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try encoding.encodeOptional(value) }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try encoding.encodeOptional(value) }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try encoding.encodeOptional(value) }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try encoding.encodeOptional(value) }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try encoding.encodeOptional(value) }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws { try encoding.encodeOptional(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        encoding.container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        encoding.unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { encoding }
    mutating func superEncoder(forKey key: Key) -> any Encoder { encoding }
}

/// Unkeyed container of a type that uses one directly; its count is patched in at the end.
struct BinaryUnkeyedEncodingContainer: UnkeyedEncodingContainer {
    let encoding: BinaryEncoding
    let counter: UnkeyedCount
    var codingPath: [any CodingKey] { [] }
    var count: Int { counter.count }

    mutating func encodeNil() throws {
        counter.count += 1
        encoding.writer.writeByte(0)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        counter.count += 1
        try encoding.encodeValue(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        counter.count += 1
        return encoding.container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        counter.count += 1
        return encoding.unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        counter.count += 1
        return encoding
    }
}

/// Single-value container: the value alone, no framing.
struct BinarySingleValueEncodingContainer: SingleValueEncodingContainer {
    let encoding: BinaryEncoding
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() throws { encoding.writer.writeByte(0) }
    mutating func encode(_ value: Bool) throws { encoding.encodePrimitive(value) }
    mutating func encode(_ value: String) throws { encoding.encodePrimitive(value) }
    mutating func encode(_ value: Double) throws { encoding.encodePrimitive(value) }
    mutating func encode(_ value: Float) throws { encoding.encodePrimitive(value) }
    mutating func encode(_ value: Int) throws { encoding.encodePrimitive(value) }
    mutating func encode(_ value: Int8) throws { encoding.encodePrimitive(value) }
    mutating func encode(_ value: Int16) throws { encoding.encodePrimitive(value) }
    mutating func encode(_ value: Int32) throws { encoding.encodePrimitive(value) }
    mutating func encode(_ value: Int64) throws { encoding.encodePrimitive(value) }
    mutating func encode(_ value: UInt) throws { encoding.encodePrimitive(value) }
    mutating func encode(_ value: UInt8) throws { encoding.encodePrimitive(value) }
    mutating func encode(_ value: UInt16) throws { encoding.encodePrimitive(value) }
    mutating func encode(_ value: UInt32) throws { encoding.encodePrimitive(value) }
    mutating func encode(_ value: UInt64) throws { encoding.encodePrimitive(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try encoding.encodeValue(value) }
}
