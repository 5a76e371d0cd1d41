import ArenaCore
import ArenaTesting
import Foundation
import Learning
import MarketData
import Models
import Testing

/// Demonstrations, the held-out evaluation and training of the diffusion policy.
@Suite struct DiffusionTrainingTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func theHindsightRuleOnAHandMadeSeries() {
        let rule = HindsightRule(rise: 0.01, stop: 0.005, horizon: 3, unitNotional: 1_000)
        let closes = [100, 101.5, 102.5, 101.9, 101, 101.6, 101.6, 101.6, 101.6]
        // 0: +1 % (101.5) before −0.5 %, +2 % (102.5) too: a full long. 1: nothing new, held.
        // 2: −1 % (101) before +0.5 %, −2 % never: flips to half a short. 4: +0.5 % (101.6) before −0.5 %: closed.
        #expect(rule.positions(closes: closes) == [1, 1, -0.5, -0.5, 0, 0, 0, 0, 0])
        let times = closes.indices.map { Timestamp(milliseconds: Int64($0) * 300_000) }
        let trades = rule.trades(symbol: "BTCUSDT", closes: closes, closeTimes: times)
        #expect(trades == [
            DemonstrationTrade(time: times[0], symbol: "BTCUSDT", side: .buy, quantity: 10, price: 100),
            DemonstrationTrade(time: times[2], symbol: "BTCUSDT", side: .sell, quantity: 14.878049, price: 102.5),
            DemonstrationTrade(time: times[4], symbol: "BTCUSDT", side: .buy, quantity: 4.878049, price: 101),
        ])
        let actions = DemonstratedAction.perBar(trades, closeTimes: times, unitNotional: 1_000)
        #expect(actions.map(\.side) == [1, 1, -1, -1, 0, 0, 0, 0, 0])
        #expect(actions.map { ($0.size * 1_000).rounded() / 1_000 } == [1, 1, 0.5, 0.5, 0, 0, 0, 0, 0])
    }

    @Test func theCSVReadsBackAndNamesABadLine() throws {
        let trades = [
            DemonstrationTrade(time: Timestamp(milliseconds: 1_679_011_500_000), symbol: "ETHUSDT", side: .sell, quantity: 0.5, price: 1700.25)
        ]
        let text = DemonstrationLog.render(trades, comments: ["SYNTHETIC"])
        #expect(text == "# SYNTHETIC\ntime,symbol,side,quantity,price\n2023-03-17T00:05:00Z,ETHUSDT,sell,0.5,1700.25\n")
        #expect(try DemonstrationLog.parse(text) == trades)
        #expect(try DemonstrationLog.parse("time,symbol,side,quantity,price\n1679011500000,ETHUSDT,SELL,0.5,1700.25\n") == trades)
        #expect(throws: DemonstrationError(line: 3, reason: "side 'hold' is neither buy nor sell")) {
            try DemonstrationLog.parse("# c\ntime,symbol,side,quantity,price\n1679011500000,ETHUSDT,hold,0.5,1\n")
        }
    }

    @Test func theEvaluationOnAHandCheckedCase() {
        let long = DemonstratedAction(target: 1, size: 1)
        let f = ActionEvaluation.evaluate(
            closes: [100, 110, 99, 99],
            demonstrated: [long, long, .flat, .flat],
            policy: [DemonstratedAction(target: 1, size: 0.5), DemonstratedAction(target: -1, size: 1), DemonstratedAction(target: -1, size: 1), .flat],
            fee: 0.01
        )
        // Rule: −0.01 fee, +10 %, −10 %, −0.01 fee. Policy: −0.005, +5 %, −0.015 (flip of 1.5 units), +10 %, 0, −0.01.
        #expect(abs(f.rulePnL - -0.02) < 1e-12)
        #expect(abs(f.policyPnL - 0.12) < 1e-12)
        #expect(f.ruleTrades == 2 && f.policyTrades == 3)
        #expect(f.agreement == 0.5 && f.majorityAgreement == 0.5)
        #expect(f.confusion == [[0, 0, 0], [1, 1, 0], [1, 0, 1]])
    }

    @Test func trainingOnASliceOfTheShippedDemonstrationsGivesTheSameBytesTwice() throws {
        let csv = Self.root.appendingPathComponent("data/samples/demonstrations-SYNTHETIC-hindsight-5m.csv").path
        let trades = try DemonstrationLog.parse(String(contentsOfFile: csv, encoding: .utf8))
        let bars = try KlineFile.bars(
            atPath: Self.root.appendingPathComponent("data/samples/BTC_USDT-5m.json").path, venue: VenueID(unchecked: "binance"),
            symbol: Symbol(unchecked: "BTCUSDT")
        ).prefix(360).map(SnapshotBar.init)
        let series = DemonstrationSeries(symbol: "BTCUSDT", bars: Array(bars), timeframe: .m5, trades: trades, unitNotional: 10_000)
        #expect(Set(series.actions.map(\.side)).count == 3, "the slice holds longs, shorts and flat bars")
        var options = DiffusionTrainingOptions()
        options.steps = 4
        options.hidden = [6]
        options.draws = 1
        options.samples = 1
        options.purgeBars = 6
        options.trainer.maxEpochs = 2
        options.trainer.seed = 9
        func train() throws -> DiffusionTrainingResult {
            try DiffusionTraining.train([series], timeframe: .m5, until: series.closeTimes.last!, options: options, data: ["slice"], notes: ["SYNTHETIC"])
        }
        let a = try train(), b = try train()
        #expect(a.file.encoded() == b.file.encoded())
        #expect(a.total.bars == a.rows.heldOut && a.rows.fit > 0 && a.rows.validation > 0)
        #expect(try ModelFile.decode(a.file.encoded()) == a.file)
        options.trainer.seed = 10
        #expect(try train().file.encoded() != a.file.encoded(), "another seed, another model")
    }
}

/// The shipped model through the catalogue: the diffusion kind builds it from its file and honours a pin.
@Suite struct ShippedDiffusionModelTests {
    @Test func theCatalogueBuildsTheShippedFileAndRefusesAnotherHash() throws {
        let path = DiffusionTrainingTests.root.appendingPathComponent("config/models/diffusion-5m.json").path
        let catalog = ModelCatalog(kinds: LearnedKinds.all)
        func spec(_ extra: [ModelParameter]) -> ModelSpec {
            ModelSpec(
                id: ModelID(unchecked: "diffusion-5m"), kind: "diffusion", version: "1",
                parameters: [ModelParameter(key: "file", value: path), ModelParameter(key: "symbol", value: "BTCUSDT")] + extra, configHash: "test"
            )
        }
        let model = try #require(try catalog.model(spec([])) as? DiffusionPolicy)
        #expect(model.needs.timeframe == .m5 && model.needs.bars == 49)
        #expect(model.denoiser.steps == 10)
        #expect(model.stamp.sha256 == (try ModelFileReader.hash(path)))
        #expect(model.denoiser.inference.file.training.notes.contains { $0.hasPrefix("SYNTHETIC demonstrations") })
        #expect(throws: ModelConfigError.self) { try catalog.model(spec([ModelParameter(key: "file_sha256", value: String(repeating: "0", count: 64))])) }
    }
    /// On real snapshots of the bundled days: a decision per tick that names the file, its features and
    /// the sampled action, the same on a second run (the noise is seeded per decision), and not one constant answer.
    @Test func theShippedFileDecidesOnRealSnapshotsReproducibly() async throws {
        let path = DiffusionTrainingTests.root.appendingPathComponent("config/models/diffusion-5m.json").path
        let spec = try SampleSnapshots.spec("diffusion_5m", kind: "diffusion", ["file": path])
        let model = try ModelCatalog(kinds: LearnedKinds.all).model(spec)
        let snapshots = try SampleSnapshots.snapshots(limit: 40)
        var first: [ModelProposal] = []
        for snapshot in snapshots { first.append(try await model.decide(ModelInput(try SampleSnapshots.job(spec, snapshot)))) }
        var again: [ModelProposal] = []
        for snapshot in snapshots { again.append(try await model.decide(ModelInput(try SampleSnapshots.job(spec, snapshot)))) }
        #expect(first == again)
        #expect(first.allSatisfy { $0.modelFile?.sha256 == (try? ModelFileReader.hash(path)) && $0.details?.inputs.isEmpty == false })
        // Flat accounts on spot: a decision is a BUY (long wanted) or a HOLD; the readings differ from tick to tick.
        #expect(first.allSatisfy { $0.action == .buy || $0.action == .hold })
        #expect(Set(first.map(\.rationale)).count > 1)
    }
}
