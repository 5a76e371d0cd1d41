import ArenaCore
import Models

/// A test-support model kind, `io_probe`: waits `delay_ms` without holding a
/// thread, the way an LLM agent waits on its provider, then answers with
/// `action` on the snapshot's first symbol. I/O-bound, so the scorer runs it
/// concurrently outside its CPU limit. Never in the product catalogue.
public struct IOProbeModel: TradingModel {
    public static let schema = ModelSchema(kind: "io_probe", summary: "test support: waits like an I/O-bound model", parameters: [
        .int("delay_ms", 200, 0...600_000, "how long it waits"),
        ParameterSpec("action", .choice(["HOLD", "BUY"]), default: "HOLD", "what it answers"),
    ], workload: .io)

    let delay: Duration
    let buys: Bool

    public init(parameters: ModelParameters) throws(ModelConfigError) {
        delay = .milliseconds(parameters.int("delay_ms"))
        buys = parameters.word("action") == "BUY"
    }

    public var needs: MarketNeeds { MarketNeeds() }

    public func decide(_ input: ModelInput) async throws -> ModelProposal {
        try await Task.sleep(for: delay)
        guard buys, let entry = input.snapshot.symbols.first else { return .hold("io probe waited \(delay)") }
        return ModelProposal(
            action: .buy, intent: .open, symbol: entry.symbol, positionSizePct: FixedDecimal(raw: FixedDecimal.one.raw / 10),
            confidence: 0.5, rationale: "io probe waited \(delay)"
        )
    }
}
