import ArenaCore

extension AlertSeverity {
    /// The embed colour (Discord) of the severity: blue, amber, orange, red.
    public var colour: Int {
        switch self {
        case .info: 0x3498DB
        case .warning: 0xF1C40F
        case .error: 0xE67E22
        case .critical: 0xE74C3C
        }
    }

    /// A mark that reads in any client, before the title.
    public var mark: String {
        switch self {
        case .info: "ℹ️"
        case .warning: "⚠️"
        case .error: "❗"
        case .critical: "🚨"
        }
    }
}

extension Alert {
    /// The facts shown under the message: who raised it, the model and symbol, then the
    /// alert's own fields by name.
    public var displayFields: [(name: String, value: String)] {
        var shown: [(String, String)] = [("source", source.value), ("kind", kind)]
        if let model { shown.append(("model", model.value)) }
        if let symbol { shown.append(("symbol", symbol.value)) }
        return shown + fields.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
