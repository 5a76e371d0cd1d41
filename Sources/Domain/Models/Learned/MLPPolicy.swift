import ArenaCore

/// `mlp` (spec §5, kind 4): a learned regression of the next return, read
/// from a model file, turned into a position.
///
/// At each tick it computes the file's features from the closed bars of each
/// symbol it trades and predicts the log return over the file's horizon:
/// - above `entry_bp` it wants a long (the strongest symbol when it trades all);
/// - below −`entry_bp`, a short on a perpetual (spot is long-only);
/// - a long is closed when the prediction falls below `exit_bp`, a short when it rises above −`exit_bp`;
/// - otherwise it keeps what it holds.
///
/// Confidence is `min(1, 0.5 + 0.25 × |prediction| / entry)`: 0.75 at the entry threshold.
/// Every decision names the file and its SHA-256, the features and the prediction.
public struct MLPPolicy: TradingModel {
    public static let schema = ModelSchema(
        kind: "mlp", summary: "a learned MLP that predicts the next return from bar features (a model file made by arena train mlp)",
        parameters: [
            .modelFile("docs/model-files.md"),
            .modelFilePin,
            .number("entry_bp", 10, 0...10_000, "predicted return, in basis points, above which a position is opened"),
            .number("exit_bp", 0, -10_000...10_000, "a long closes when the prediction falls below this (a short above its negative)"),
            .number("max_position", 0.2, 0.001...1, "the entry's size, as a fraction of NAV"),
            .int("max_leverage", 1, 1...125, "leverage on a perpetual"),
            .symbolScope,
        ]
    )

    /// The parameter that pins the file's hash, and its value when nothing pins it.
    public static let pinParameter = "file_sha256", unpinned = "unpinned"

    public let inference: PolicyInference
    public let stamp: ModelFileStamp
    let entry: Double, exit: Double
    let size: FixedDecimal
    let leverage: FixedDecimal
    let symbolScope: Symbol?

    /// A learned model needs its file: the catalogue's learned kind builds it with ``init(parameters:file:stamp:)``.
    public init(parameters: ModelParameters) throws(ModelConfigError) {
        throw .inconsistent(key: "file", reason: "an mlp model is built from its file by the arena catalogue")
    }

    /// The model of `parameters` running `file`, whose path and hash are `stamp`.
    public init(parameters p: ModelParameters, file: ModelFile, stamp: ModelFileStamp) throws(ModelConfigError) {
        guard file.kind == Self.schema.kind else {
            throw .inconsistent(key: "file", reason: "\(ModelFileError.wrongKind(found: file.kind, expected: Self.schema.kind))")
        }
        do { inference = try PolicyInference(file) } catch { throw .inconsistent(key: "file", reason: "\(error)") }
        guard file.outputs.values.count == 1 else {
            throw .inconsistent(key: "file", reason: "an mlp model file has one output (the next return), this one has \(file.outputs.values.count)")
        }
        self.stamp = stamp
        entry = p.double("entry_bp") / 10_000
        exit = p.double("exit_bp") / 10_000
        guard exit < entry else { throw .inconsistent(key: "exit_bp", reason: "must be below entry_bp") }
        size = p.decimal("max_position")
        leverage = FixedDecimal(p.int("max_leverage"))
        symbolScope = p.symbolOrAll("symbol")
    }

    public var needs: MarketNeeds {
        MarketNeeds(timeframe: inference.file.features.timeframe, bars: inference.lookback)
    }

    public func decide(_ input: ModelInput) async throws -> ModelProposal {
        guard let focus = try inference.focus(input, scope: symbolScope, read: { inference.predict($1)[0] }, strength: abs) else {
            return .hold("the snapshot has no symbol")
        }
        let prediction = focus.reading, held = input.openPosition
        let side = wanted(prediction, market: focus.market, held: held.map { $0.symbol == focus.symbol ? !$0.quantity.isNegative : nil } ?? nil)
        let confidence = min(1, 0.5 + 0.25 * abs(prediction) / max(entry, 1e-12))
        let details = DecisionDetails(
            inputs: inference.named(focus.features) + [NamedValue("prediction", prediction)],
            score: prediction * 10_000, threshold: entry * 10_000,
            notes: ["model file \(stamp.path) sha256 \(stamp.sha256.prefix(12)), horizon \(inference.file.outputs.horizonBars) bars"]
        )
        let rationale = "predicted \(inference.file.outputs.horizonBars)-bar return of \(focus.symbol) \(basisPoints(prediction)) bp "
            + "(entry \(basisPoints(entry)), exit \(basisPoints(exit)))"
        let target = DirectionalTarget(
            side: side, symbol: focus.symbol, size: size, confidence: confidence, leverage: focus.market == .perpetual ? leverage : nil
        )
        return try target.proposal(input, rationale: rationale, details: details, file: stamp)
    }

    /// The side wanted for `prediction`, given whether a long (true) or a short (false) is held.
    func wanted(_ prediction: Double, market: MarketKind, held long: Bool?) -> DirectionalTarget.Side {
        if prediction > entry { return .long }
        if prediction < -entry, market == .perpetual { return .short }
        switch long {
        case true?: return prediction < exit ? .flat : .long
        case false?: return prediction > -exit ? .flat : .short
        case nil: return .flat
        }
    }

    private func basisPoints(_ x: Double) -> String {
        let bp = (x * 100_000).rounded() / 10
        return "\(bp)"
    }
}
