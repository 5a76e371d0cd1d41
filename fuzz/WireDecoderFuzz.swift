// libFuzzer entry point for the wire decoders (built by fuzz/run.sh, `make fuzz`).
// Any crash is a bug: decoding must turn every input into a value or a WireError.
import ArenaCore
import ArenaWire

/// A type the fuzzer can also reach through the generic Codable decoder.
private struct Everything: Codable {
    var a: Int64?
    var b: [String: FixedDecimal]
    var c: [Timestamp?]
    var d: Set<Int16>
    var e: [[UInt8]]
    var f: Bool
    var g: Double
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = [UInt8](UnsafeBufferPointer(start: data, count: size))
    // 1. Whole frames, as a subscriber sees them.
    if let envelope = try? Envelope(parsing: bytes) {
        _ = try? MessageRegistry.decodeAny(envelope)
        _ = try? envelope.serialized()
    }
    // 2. Bodies of every registered type, through both binary paths.
    guard let selector = bytes.first else { return 0 }
    let body = Array(bytes.dropFirst())
    let types = MessageRegistry.all
    decodeBody(types[Int(selector) % types.count], body)
    _ = try? BinaryDecoder().decode(Everything.self, from: body)
    _ = try? BinaryDecoder(missingTrailingOptionalsAreNil: true, ignoresTrailingBytes: true).decode(Everything.self, from: body)
    return 0
}

private func decodeBody(_ type: any WireMessage.Type, _ body: [UInt8]) {
    func open<M: WireMessage>(_ t: M.Type) {
        _ = try? M.decodeBinaryBody(body, limits: .default)
        _ = try? BinaryDecoder().decode(M.self, from: body)
        _ = try? WireCodecs.decode(M.self, from: body, codec: .json)
    }
    open(type)
}
