import ArenaCore

/// What a learned policy read for one symbol at the tick: its raw features and what the model made of them.
struct SymbolReading<Reading> {
    var symbol: Symbol
    var market: MarketKind
    var features: [Double]
    var reading: Reading
}

extension PolicyInference {
    /// Reads every symbol the policy trades (`scope`, or each of the snapshot's in order) with `read`, and
    /// returns the one to act on: the held symbol first (whether to keep, close or flip it), else the one
    /// `strength` ranks highest. Nil when the snapshot has no symbol.
    func focus<Reading>(
        _ input: ModelInput, scope: Symbol?, read: (Symbol, [Double]) -> Reading, strength: (Reading) -> Double
    ) throws -> SymbolReading<Reading>? {
        let symbols = scope.map { [$0] } ?? input.snapshot.symbols.map(\.symbol).sorted()
        var readings: [SymbolReading<Reading>] = []
        for symbol in symbols {
            let entry = try input.entry(symbol)
            let features = featureValues(BarWindow(try entry.requireBars(lookback)))
            readings.append(SymbolReading(symbol: symbol, market: entry.market, features: features, reading: read(symbol, features)))
        }
        if let held = input.openPosition, let reading = readings.first(where: { $0.symbol == held.symbol }) { return reading }
        return readings.max { strength($0.reading) < strength($1.reading) }
    }

    /// The features by name, for a decision's details.
    func named(_ values: [Double]) -> [NamedValue] {
        zip(features, values).map { NamedValue($0.rawValue, $1) }
    }
}

extension DirectionalTarget {
    /// The proposal for `input`, stamped with the model file that made it.
    func proposal(_ input: ModelInput, rationale: String, details: DecisionDetails, file: ModelFileStamp) throws -> ModelProposal {
        var proposal = try proposal(input, rationale: rationale, details: details)
        proposal.modelFile = file
        return proposal
    }
}
