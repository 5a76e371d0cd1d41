import ArenaCore

/// `diffusion` (spec §5, kind 4; seed 002): a conditional DDPM that learned a
/// demonstrator's actions, read from a model file, turned into a position.
///
/// At each tick it computes the file's features from the closed bars of each
/// symbol it trades and runs the reverse process `samples` times with noise
/// seeded by the model id, the symbol, the tick and the file's SHA-256
/// (``SeededRandom/decisionSeed(model:symbol:tick:fileSHA256:)``), so a decision
/// is reproducible. The mean sampled `target_position` (in [−1, 1]) decides:
/// - above `threshold`, a long (the strongest symbol when it trades all);
/// - below −`threshold`, a short on a perpetual, flat on spot (long-only);
/// - otherwise flat.
///
/// The mean sampled `size` (in [0, 1]) scales the entry: `max_position × max(size, 0.25)` (``DiffusionReading/entryFraction``).
/// Confidence is the share of samples on the chosen side (flat counts the samples inside the band).
/// Every decision names the file and its SHA-256, the features and the sampled action.
public struct DiffusionPolicy: TradingModel {
    public static let schema = ModelSchema(
        kind: DiffusionBlock.kind,
        summary: "a learned diffusion policy that samples a position from bar features (a model file made by arena train diffusion)",
        parameters: [
            .modelFile("docs/diffusion-policy.md"),
            .modelFilePin,
            .number("threshold", 0.5, 0...1, "the mean sampled target position above which a long is wanted (below its negative, a short)"),
            .int("samples", 4, 1...64, "reverse-process samples per symbol and tick, averaged"),
            .number("max_position", 0.2, 0.001...1, "the entry's size at a sampled size of 1, as a fraction of NAV"),
            .int("max_leverage", 1, 1...125, "leverage on a perpetual"),
            .symbolScope,
        ]
    )

    public let denoiser: DiffusionDenoiser
    public let stamp: ModelFileStamp
    let threshold: Double
    let samples: Int
    let size: FixedDecimal
    let leverage: FixedDecimal
    let symbolScope: Symbol?

    /// A learned model needs its file: the catalogue's learned kind builds it with ``init(parameters:file:stamp:)``.
    public init(parameters: ModelParameters) throws(ModelConfigError) {
        throw .inconsistent(key: "file", reason: "a diffusion model is built from its file by the arena catalogue")
    }

    /// The model of `parameters` running `file`, whose path and hash are `stamp`.
    public init(parameters p: ModelParameters, file: ModelFile, stamp: ModelFileStamp) throws(ModelConfigError) {
        do { denoiser = try DiffusionDenoiser(file) } catch { throw .inconsistent(key: "file", reason: "\(error)") }
        guard denoiser.positionIndices != nil else {
            throw .inconsistent(
                key: "file",
                reason: "a diffusion policy's action has \(DiffusionReading.target) and \(DiffusionReading.size), this one has \(denoiser.block.action.map(\.name))"
            )
        }
        self.stamp = stamp
        threshold = p.double("threshold")
        samples = p.int("samples")
        self.size = p.decimal("max_position")
        leverage = FixedDecimal(p.int("max_leverage"))
        symbolScope = p.symbolOrAll("symbol")
    }

    public var needs: MarketNeeds {
        MarketNeeds(timeframe: denoiser.inference.file.features.timeframe, bars: denoiser.inference.lookback)
    }

    /// The reading of raw `features` with the noise of `seed`.
    public func read(features: [Double], seed: UInt64) -> DiffusionReading {
        denoiser.reading(features: features, seed: seed, samples: samples, threshold: threshold)
    }

    public func decide(_ input: ModelInput) async throws -> ModelProposal {
        let model = input.job.model.id.value, tick = input.tick, sha = stamp.sha256
        let read = { (symbol: Symbol, features: [Double]) in
            self.read(features: features, seed: SeededRandom.decisionSeed(model: model, symbol: symbol.value, tick: tick, fileSHA256: sha))
        }
        guard let focus = try denoiser.inference.focus(input, scope: symbolScope, read: read, strength: { abs($0.target) }) else {
            return .hold("the snapshot has no symbol")
        }
        let reading = focus.reading
        let side = reading.side(market: focus.market)
        let confidence = switch side {
        case .long: reading.long
        case .short: reading.short
        case .flat: reading.flat
        }
        let fraction = reading.entryFraction
        let entrySize = (size * ((try? FixedDecimal(mantissa: Int64((fraction * 1_000).rounded()), exponent: -3)) ?? 1)).rounded(toPlaces: 6, .down)
        let details = DecisionDetails(
            inputs: denoiser.inference.named(focus.features) + [NamedValue(DiffusionReading.target, reading.target), NamedValue(DiffusionReading.size, reading.size)],
            score: reading.target, threshold: threshold,
            notes: ["model file \(stamp.path) sha256 \(stamp.sha256.prefix(12)), \(denoiser.steps) steps × \(samples) samples"]
        )
        let rationale = "sampled target position of \(focus.symbol) \(rounded(reading.target)), size \(rounded(reading.size)) "
            + "(threshold ±\(rounded(threshold)); \(Int((reading.long * 100).rounded())) % of samples long, \(Int((reading.short * 100).rounded())) % short)"
        let target = DirectionalTarget(
            side: side, symbol: focus.symbol, size: entrySize, confidence: max(confidence, 0.01),
            leverage: focus.market == .perpetual ? leverage : nil
        )
        return try target.proposal(input, rationale: rationale, details: details, file: stamp)
    }

    private func rounded(_ x: Double) -> String { "\((x * 1_000).rounded() / 1_000)" }
}
