// The three container kinds of ``ConfigTreeDecoder``. Every typed `decode`
// overload that the protocols require forwards to the one generic path in
// ``ConfigTreeDecoder/decode(_:)``, so integers, strings and nested types are
// all parsed, checked and reported the same way.

/// A mapping. Records each key it is asked about as visited.
struct ConfigKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: ConfigTreeDecoder
    let entries: [ConfigNode.Entry]

    var codingPath: [any CodingKey] { decoder.codingPath }
    var allKeys: [Key] { entries.compactMap { Key(stringValue: $0.key) } }

    private func visit(_ key: any CodingKey) {
        decoder.state.visited.insert(ConfigKeyPath.render(codingPath + [key]))
    }

    private func node(for key: any CodingKey) -> ConfigNode? {
        entries.first { $0.key == key.stringValue }?.node
    }

    /// The decoder for `key`, or a ``ConfigError/missing(key:)`` naming it.
    private func childDecoder(_ key: any CodingKey) throws -> ConfigTreeDecoder {
        visit(key)
        guard let child = node(for: key) else {
            throw decoder.attributed(.missing(key: ConfigKeyPath.render(codingPath + [key])))
        }
        return decoder.child(child, key: key)
    }

    func contains(_ key: Key) -> Bool {
        visit(key)
        return node(for: key) != nil
    }

    func decodeNil(forKey key: Key) throws -> Bool { try childDecoder(key).node.value == .null }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try childDecoder(key).decode(type) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try childDecoder(key).decode(type) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try childDecoder(key).decode(type) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try childDecoder(key).decode(type) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try childDecoder(key).decode(Double.self)) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try childDecoder(key).decode(type) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try childDecoder(key).decode(type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try childDecoder(key).decode(type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try childDecoder(key).decode(type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try childDecoder(key).decode(type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try childDecoder(key).decode(type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try childDecoder(key).decode(type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try childDecoder(key).decode(type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try childDecoder(key).decode(type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try childDecoder(key).decode(type) }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try childDecoder(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try childDecoder(key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { try childDecoder(ConfigCodingKey(stringValue: "super")) }
    func superDecoder(forKey key: Key) throws -> any Decoder { try childDecoder(key) }
}

/// A list, read front to back.
struct ConfigUnkeyedContainer: UnkeyedDecodingContainer {
    let decoder: ConfigTreeDecoder
    let items: [ConfigNode]
    private(set) var currentIndex = 0

    init(decoder: ConfigTreeDecoder, items: [ConfigNode]) {
        self.decoder = decoder
        self.items = items
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    /// The decoder for the next item, or an error naming the list if it has run out.
    private mutating func next() throws -> ConfigTreeDecoder {
        guard !isAtEnd else {
            throw decoder.attributed(.invalidValue(
                key: decoder.key, value: decoder.node.summary, reason: "has fewer items than expected"
            ))
        }
        defer { currentIndex += 1 }
        return decoder.child(items[currentIndex], key: ConfigCodingKey(intValue: currentIndex))
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, items[currentIndex].value == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decode(type) }
    mutating func decode(_ type: Bool.Type) throws -> Bool { try next().decode(type) }
    mutating func decode(_ type: String.Type) throws -> String { try next().decode(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try next().decode(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { Float(try next().decode(Double.self)) }
    mutating func decode(_ type: Int.Type) throws -> Int { try next().decode(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try next().decode(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try next().decode(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try next().decode(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next().decode(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try next().decode(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next().decode(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next().decode(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next().decode(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next().decode(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
    mutating func superDecoder() throws -> any Decoder { try next() }
}

/// One value at the decoder's node.
struct ConfigSingleValueContainer: SingleValueDecodingContainer {
    let decoder: ConfigTreeDecoder

    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool { decoder.node.value == .null }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decode(type) }
    func decode(_ type: Bool.Type) throws -> Bool { try decoder.decode(type) }
    func decode(_ type: String.Type) throws -> String { try decoder.decode(type) }
    func decode(_ type: Double.Type) throws -> Double { try decoder.decode(type) }
    func decode(_ type: Float.Type) throws -> Float { Float(try decoder.decode(Double.self)) }
    func decode(_ type: Int.Type) throws -> Int { try decoder.decode(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decoder.decode(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decoder.decode(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decoder.decode(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decoder.decode(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try decoder.decode(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decoder.decode(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decoder.decode(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decoder.decode(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decoder.decode(type) }
}
