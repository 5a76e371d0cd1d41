import Models

/// The seeded generator of generated tests: the product's SplitMix64 (``Models/SeededRandom``), so tests and
/// training draw from one implementation.
public typealias SplitMix64 = SeededRandom
