import ArenaCore

/// One symbol's order-flow score for one side under one profile: every
/// layer the profile scores, scaled to its weight, and the total.
///
/// A layer's score is `raw × weight / rawMaximum` (``OrderFlowLayer/rawMaximum``),
/// so a v52 direction layer of 45 raw points scores 40; layer scores and the
/// total are rounded to 4 decimals, so that band sums such as 26.6667 + 13.3333
/// meet a threshold exactly.
public struct OrderFlowScorecard: Sendable, Hashable {
    /// The side scored.
    public var side: FlowSide
    /// The layers in ``OrderFlowLayer`` order, each with its weight as maximum.
    public var layers: [LayerScore]
    /// The sum of the layers.
    public var total: Double
    /// One note per missing input (and spot's missing funding), without repeats.
    public var notes: [String]

    /// The score of `reading` for `side` under `profile`.
    public init(_ reading: OrderFlowReading, side: FlowSide, profile: OrderFlowProfile) {
        self.side = side
        var layers: [LayerScore] = [], notes: [String] = []
        for layer in profile.layers {
            let raw = OrderFlowRules.score(layer, reading, side)
            let weight = profile.weight(layer)
            let score = Self.rounded(raw.points * weight / layer.rawMaximum)
            let scaling = weight == layer.rawMaximum ? "" : "; raw \(fmt(raw.points))/\(fmt(layer.rawMaximum)) scaled to \(fmt(weight))"
            layers.append(LayerScore(name: layer.rawValue, score: score, maximum: weight, reason: raw.reason + scaling))
            for note in raw.notes where !notes.contains(note) { notes.append(note) }
        }
        self.layers = layers
        self.notes = notes
        total = Self.rounded(layers.map(\.score).reduce(0, +))
    }

    /// The layer named `layer`, if the profile scores it.
    public func layer(_ layer: OrderFlowLayer) -> LayerScore? { layers.first { $0.name == layer.rawValue } }

    /// `x` rounded half away from zero to 4 decimals.
    static func rounded(_ x: Double) -> Double { (x * 10_000).rounded() / 10_000 }
}
