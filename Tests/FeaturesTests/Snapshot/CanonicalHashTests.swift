import ArenaCore
import ArenaTesting
import ArenaWire
import Foundation
import Testing
@testable import Features

/// Canonical bytes and their SHA-256: equal inputs give equal bytes, any change
/// changes the hash, and the hex is the standard SHA-256 of the bytes.
@Suite(.cpuBound) struct CanonicalHashTests {
    typealias F = SnapshotFixtures

    /// A small snapshot written by hand (one symbol, one bar, two indicators, some order flow).
    static var smallSnapshot: MarketSnapshot {
        let tick = Timestamp(milliseconds: 1_723_161_300_000)
        var flow = OrderFlowSnapshot(warmGroups: ["flow30m", "whales"])
        flow.cvd30m = FixedDecimal("-12.5031")
        flow.vwap30m = FixedDecimal("61801.77")
        flow.whaleBuyRatio = 1
        return MarketSnapshot(tick: tick, tickIntervalSeconds: 300, symbols: [
            SymbolSnapshot(
                symbol: F.btc, venue: F.binance, market: .spot,
                bars1m: [SnapshotBar(
                    openTime: tick.advanced(by: .seconds(-60)), open: FixedDecimal("61800")!, high: FixedDecimal("61830.5")!,
                    low: FixedDecimal("61790.01")!, close: FixedDecimal("61824.45")!, volume: FixedDecimal("12.875")!
                )],
                ticker: Ticker(bid: FixedDecimal("61824.44"), ask: FixedDecimal("61824.45"), last: FixedDecimal("61824.45")!, time: tick),
                indicatorTimeframe: .m5,
                indicators: [IndicatorValue(name: "ema_21", value: 61750.25), IndicatorValue(name: "rsi_14", value: nil)],
                orderFlow: flow,
                regime: RegimeReading(
                    regime: .weakTrend,
                    inputs: RegimeInputs(adx: 22.5, bollingerWidth: 0.012, atrPercentile: 40, efficiency: 0.31, volumeTrend: 1.1, breakout: 0),
                    history: [.range, .weakTrend]
                )
            ),
        ])
    }

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

    @Test func theHexIsStandardSHA256() {
        #expect(CanonicalHash.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(CanonicalHash.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test(.requires(.executable("/usr/bin/sha256sum")))
    func theHashOfAKnownSnapshotMatchesSha256sum() async throws {
        let bytes = try CanonicalHash.bytes(of: Self.smallSnapshot)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("snapshot-\(UUID().uuidString).bin")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let sha256sum = try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/sha256sum"), [file.path])
        #expect(sha256sum.status == 0)
        let expected = try #require(sha256sum.stdout.split(separator: " ").first.map(String.init))
        #expect(expected.count == 64)
        #expect(try CanonicalHash.hex(of: Self.smallSnapshot) == expected)
        #expect(CanonicalHash.hex(bytes) == expected)
    }

    @Test func theCanonicalBytesAreTheBinaryCodecsAndRoundTrip() throws {
        let snapshot = Self.smallSnapshot
        let bytes = try CanonicalHash.bytes(of: snapshot)
        #expect(bytes == (try BinaryEncoder().encode(snapshot)))
        let decoded = try BinaryDecoder().decode(MarketSnapshot.self, from: bytes)
        #expect(decoded == snapshot)
        #expect(try CanonicalHash.bytes(of: decoded) == bytes)
        // The published message carries the hash, then exactly these bytes: a receiver can check without re-encoding.
        let published = try CanonicalHash.featureSnapshot(snapshot)
        #expect(published.snapshotHash == CanonicalHash.hex(bytes))
        let body = try WireCodecs.encodeBody(published, codec: .binary)
        #expect(Array(body.suffix(bytes.count)) == bytes)
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
        var zero = Self.smallSnapshot, negativeZero = Self.smallSnapshot
        zero.symbols[0].indicators[0].value = 0
        negativeZero.symbols[0].indicators[0].value = -0.0
        // Equal values, different bytes: why the engine never emits −0.
        #expect(zero == negativeZero)
        #expect(try CanonicalHash.bytes(of: zero) != CanonicalHash.bytes(of: negativeZero))
    }
}
