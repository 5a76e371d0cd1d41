import ArenaCore
import ArenaTesting
import ArenaWire
import Foundation
import Learning
import MarketData
import Models
import Testing

/// Hot reload of a learned model (spec §5, kind 4) through the real feature
/// engine and a real scorer, as processes: the model file is swapped during
/// the run and the next tick runs the new one, with exactly one decision per
/// tick; a corrupt file then keeps the last good model running and raises an
/// alert.
@Suite(.serialized) struct ModelFileReloadTests {
    /// A model on the 1m bars of the test market: random weights of seed `seed` (what matters is the file, not its skill).
    static func modelFile(seed: UInt64) -> ModelFile {
        var state = seed
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53) - 0.5
        }
        let features = PolicyFeature.barsV1
        return ModelFile(
            kind: "mlp",
            features: .init(timeframe: .m1, inputs: features.map { ScaledValue(name: $0.rawValue, mean: 0, std: 0.01) }),
            network: DenseNetwork(layers: [
                DenseLayer(weights: (0..<4).map { _ in features.map { _ in next() } }, bias: (0..<4).map { _ in next() }, activation: .tanh),
                DenseLayer(weights: [(0..<4).map { _ in next() }], bias: [0], activation: .identity),
            ]),
            outputs: .init(values: [ScaledValue(name: "next_log_return", mean: 0, std: 0.001)], horizonBars: 1),
            training: .init(tool: "ModelFileReloadTests", data: [], symbols: [], from: "", until: "", seed: seed, split: "none", metrics: [:], notes: ["random weights"])
        )
    }

    @Test func aSwappedFileIsRunFromTheNextTickAndACorruptOneKeepsTheLastGood() async throws {
        let btc = try SampleBars.minutes("BTCUSDT"), eth = try SampleBars.minutes("ETHUSDT")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reload-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("learned.json").path
        let first = try ModelFileReader.write(Self.modelFile(seed: 1), to: path)
        let harness = try ArenaHarness(.processes, features: ArenaRoundTests.features, models: """
            - {id: learned, kind: mlp, params: {file: "\(path)", entry_bp: 0.01}}
            """, history: ArenaRoundTests.history(btc, eth))
        defer { Task { await harness.shutdown() } }
        try await harness.startRisk()
        try await harness.startRealScorer()
        try await harness.startFeatures()

        var minute = ArenaRoundTests.warmupMinutes
        /// Publishes the next minute and waits for its round.
        func nextRound() async throws -> ModelDecision {
            let bars = ArenaRoundTests.minute(minute, btc, eth)
            minute += 1
            let tick = ArenaRoundTests.tick(after: bars[0])
            for bar in bars { try harness.gateway.publish(bar) }
            let got = try await harness.waitFor("the round of \(tick)") { $0.messages(RoundRecord.self).contains { $0.tick == tick } }
            return try #require(got.messages(ModelDecision.self).first { $0.tick == tick })
        }
        var decisions: [ModelDecision] = []
        for _ in 0..<3 { decisions.append(try await nextRound()) }
        let second = try ModelFileReader.write(Self.modelFile(seed: 2), to: path)
        for _ in 0..<3 { decisions.append(try await nextRound()) }
        // A half-written file (not the atomic write arena train does): the engine refuses it.
        try Data(Self.modelFile(seed: 3).encoded().prefix(300)).write(to: URL(fileURLWithPath: path))
        for _ in 0..<3 { decisions.append(try await nextRound()) }

        #expect(decisions.allSatisfy { $0.outcome == .decided }, "\(decisions.map(\.rationale))")
        #expect(decisions.map { $0.modelFile?.sha256 } == Array(repeating: first, count: 3) + Array(repeating: second, count: 6))
        #expect(decisions.allSatisfy { $0.modelFile?.path == path })
        // The config hash covers the file: one hash per file version, the pinned spec's.
        let hashes = decisions.map(\.configHash)
        #expect(Set(hashes[0..<3]).count == 1 && Set(hashes[3...]).count == 1 && hashes[0] != hashes[3])
        // Exactly one decision per model and tick over the whole run.
        let all = harness.received.messages(ModelDecision.self)
        #expect(Dictionary(grouping: all, by: \.tick).values.allSatisfy { $0.count == 1 })
        #expect(Set(all.map(\.tick)) == Set(decisions.map(\.tick)))
        let alerts = harness.received.messages(Alert.self)
        #expect(alerts.filter { $0.kind == "model_file_reloaded" }.map { $0.fields["sha256"] } == [second])
        let rejected = alerts.filter { $0.kind == "model_file_rejected" }
        #expect(rejected.count == 1, "one alert for a file left broken over several ticks: \(alerts.map(\.title))")
        #expect(rejected.first?.fields["running_sha256"] == second && rejected.first?.severity == .error)
        #expect(rejected.first?.message.contains("corrupt") == true, "\(rejected.first?.message ?? "")")
    }
}
