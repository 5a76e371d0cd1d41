import ArenaCore
import Foundation

/// Derives a type's wire schema by running its own `init(from:)` against a
/// recording `Decoder`: every `decode` call becomes a field, in order, so the
/// schema cannot drift from what the binary codec actually writes.
final class SchemaRecorder {
    private(set) var types: [String: TypeSchema] = [:]

    /// The type expression for `T`, recording any named types it uses.
    func describe<T: Decodable>(_ type: T.Type) throws -> String {
        try sample(type).expression
    }

    /// A placeholder value of `T` and its type expression.
    func sample<T: Decodable>(_ type: T.Type) throws -> (value: T, expression: String) {
        if let (value, name) = Self.primitive(type) { return (value, name) }
        if let special = T.self as? any SchemaDescribable.Type {
            let (value, expression) = try special.schemaSample(self)
            return (value as! T, expression)
        }
        let name = Self.name(of: type)
        if let e = T.self as? any WireEnum.Type {
            types[name] = TypeSchema(kind: "enum", cases: e.allCaseNames)
            return (e.firstCase as! T, name)
        }
        if let id = T.self as? any StringIdentifier.Type {
            types[name] = TypeSchema(kind: "alias", type: "string", note: id.schemaNote)
            return (id.init(unchecked: id.schemaPlaceholder) as! T, name)
        }
        let recording = RecordingDecoder(recorder: self)
        let value = try T(from: recording)
        switch recording.shape {
        case .fields(let fields): types[name] = TypeSchema(kind: "struct", fields: fields)
        case .single(let expression): types[name] = TypeSchema(kind: "alias", type: expression)
        case .none: types[name] = TypeSchema(kind: "struct", fields: [])
        }
        return (value, name)
    }

    /// The unqualified Swift name, keeping nesting: `ControlRequest.Command`.
    static func name(of type: Any.Type) -> String {
        let full = String(reflecting: type)
        guard let dot = full.firstIndex(of: ".") else { return full }
        return String(full[full.index(after: dot)...])
    }

    private static func primitive<T>(_ type: T.Type) -> (T, String)? {
        func pick<P>(_ value: P, _ name: String) -> (T, String) { (value as! T, name) }
        switch ObjectIdentifier(type) {
        case ObjectIdentifier(Bool.self): return pick(false, "bool")
        case ObjectIdentifier(String.self): return pick("", "string")
        case ObjectIdentifier(Double.self): return pick(0.0 as Double, "float64")
        case ObjectIdentifier(Float.self): return pick(0 as Float, "float32")
        case ObjectIdentifier(Int.self): return pick(0 as Int, "int64")
        case ObjectIdentifier(Int8.self): return pick(0 as Int8, "int8")
        case ObjectIdentifier(Int16.self): return pick(0 as Int16, "int16")
        case ObjectIdentifier(Int32.self): return pick(0 as Int32, "int32")
        case ObjectIdentifier(Int64.self): return pick(0 as Int64, "int64")
        case ObjectIdentifier(UInt.self): return pick(0 as UInt, "uint64")
        case ObjectIdentifier(UInt8.self): return pick(0 as UInt8, "uint8")
        case ObjectIdentifier(UInt16.self): return pick(0 as UInt16, "uint16")
        case ObjectIdentifier(UInt32.self): return pick(0 as UInt32, "uint32")
        case ObjectIdentifier(UInt64.self): return pick(0 as UInt64, "uint64")
        case ObjectIdentifier(FixedDecimal.self): return pick(FixedDecimal.zero, "decimal")
        case ObjectIdentifier(Timestamp.self): return pick(Timestamp(nanoseconds: 0), "timestamp")
        case ObjectIdentifier(Date.self): return pick(Date(timeIntervalSinceReferenceDate: 0), "date")
        case ObjectIdentifier(Data.self): return pick(Data(), "bytes")
        case ObjectIdentifier(UUID.self): return pick(UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)), "uuid")
        default: return nil
        }
    }
}

/// Generic containers describe themselves through their element types.
protocol SchemaDescribable {
    static func schemaSample(_ recorder: SchemaRecorder) throws -> (Any, String)
}

extension Optional: SchemaDescribable where Wrapped: Decodable {
    static func schemaSample(_ r: SchemaRecorder) throws -> (Any, String) {
        (Wrapped?.none as Any, "optional<\(try r.describe(Wrapped.self))>")
    }
}

extension Array: SchemaDescribable where Element: Decodable {
    static func schemaSample(_ r: SchemaRecorder) throws -> (Any, String) {
        ([Element]() as Any, "array<\(try r.describe(Element.self))>")
    }
}

extension Set: SchemaDescribable where Element: Decodable {
    static func schemaSample(_ r: SchemaRecorder) throws -> (Any, String) {
        (Set<Element>() as Any, "set<\(try r.describe(Element.self))>")
    }
}

extension Dictionary: SchemaDescribable where Key: Decodable, Value: Decodable {
    static func schemaSample(_ r: SchemaRecorder) throws -> (Any, String) {
        ([Key: Value]() as Any, "map<\(try r.describe(Key.self)),\(try r.describe(Value.self))>")
    }
}

extension WireEnum {
    static var allCaseNames: [String] { allCases.map(\.rawValue) }
    static var firstCase: Self { allCases.first! }
}

extension StringIdentifier {
    static var schemaPlaceholder: String { "X" }
    static var schemaNote: String { "validated identifier: \(rule)" }
}
