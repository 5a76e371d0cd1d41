import ArenaTesting
import ArenaCore
import ArenaWire
import Testing
@testable import Features

/// The engine's snapshots hash canonically: equal inputs give equal bytes, any
/// change changes the hash, and values that compare equal but differ in bytes
/// never reach a snapshot. (The hash itself is tested with ArenaWire.)
@Suite(.cpuBound) struct SnapshotHashTests {
    typealias F = SnapshotFixtures

    /// The snapshot of an engine fed 12 hours of both symbols, with `edit` applied to the BTC minutes first.
    static func realSnapshot(edit: (inout [Bar]) -> Void = { _ in }) throws -> MarketSnapshot {
        var btc = Array(try F.minuteBars(F.btc).prefix(720))
        edit(&btc)
        let eth = Array(try F.minuteBars(F.eth).prefix(720))
        var engine = try FeatureEngine(configuration: F.configuration())
        let tick = btc[719].closeTime
        try F.apply(F.klineFeed(btcMinutes: btc, ethMinutes: eth), through: tick, to: &engine)
        return try engine.snapshot(at: tick)
    }

    @Test func twoEnginesFedTheSameInputGiveTheSameBytes() throws {
        let a = try Self.realSnapshot(), b = try Self.realSnapshot()
        #expect(a == b)
        let bytesA = try CanonicalHash.bytes(of: a), bytesB = try CanonicalHash.bytes(of: b)
        #expect(bytesA == bytesB && bytesA.count > 1_000)
        #expect(try CanonicalHash.hex(of: a) == CanonicalHash.hex(of: b))
    }

    @Test func changingOneBarsVolumeChangesTheHash() throws {
        let original = try Self.realSnapshot()
        let edited = try Self.realSnapshot { bars in bars[700].volume += FixedDecimal("0.00000001")! }
        // Symbols are sorted: BTC first. Its bar 700 is in the window of the last 60; ETH is untouched.
        #expect(original.symbols.map(\.symbol) == [F.btc, F.eth])
        #expect(original.symbols[0].bars1m.map(\.volume) != edited.symbols[0].bars1m.map(\.volume))
        #expect(original.symbols[1] == edited.symbols[1])
        #expect(try CanonicalHash.hex(of: original) != CanonicalHash.hex(of: edited))
    }

    @Test func negativeZeroAndNonFiniteValuesAreMadeCanonical() throws {
        #expect(canonical(-0.0)?.sign == .plus)
        #expect(canonical(.nan) == nil && canonical(.infinity) == nil && canonical(nil) == nil)
        #expect(canonical(-1.5) == -1.5)
        var zero = WireSamples.snapshot, negativeZero = WireSamples.snapshot
        zero.symbols[0].indicators[0].value = 0
        negativeZero.symbols[0].indicators[0].value = -0.0
        // Equal values, different bytes: why the engine never emits −0.
        #expect(zero == negativeZero)
        #expect(try CanonicalHash.bytes(of: zero) != CanonicalHash.bytes(of: negativeZero))
    }
}
