import ArenaCore
import Foundation
import Learning
import Models
import Testing

/// The model file format (docs/model-files.md): a round trip keeps every
/// value; a truncated, corrupt, foreign or incompatible file is a typed error.
@Suite struct ModelFileTests {
    /// A small model with awkward numbers: subnormals, extremes, negative zero, long fractions.
    static func sample(seed: UInt64 = 1) -> ModelFile {
        var random = SeededRandom(seed: seed)
        let features = PolicyFeature.barsV1.prefix(5)
        let awkward: [Double] = [5e-324, -1.7976931348623157e308, 0.1 + 0.2, -0.0, 1e-300, 123456789.12345679, .pi]
        func layer(_ outputs: Int, _ inputs: Int, _ activation: Activation) -> DenseLayer {
            DenseLayer(
                weights: (0..<outputs).map { j in (0..<inputs).map { i in (i + j) % 4 == 0 ? awkward[(i + j) % awkward.count] : random.normal() } },
                bias: (0..<outputs).map { _ in random.normal() }, activation: activation
            )
        }
        return ModelFile(
            kind: "mlp",
            features: .init(timeframe: .m5, inputs: features.map { ScaledValue(name: $0.rawValue, mean: random.normal() * 1e-3, std: 0.5 + abs(random.normal())) }),
            network: DenseNetwork(layers: [layer(7, 5, .relu), layer(3, 7, .tanh), layer(1, 3, .identity)]),
            outputs: .init(values: [ScaledValue(name: "next_log_return", mean: 1e-5, std: 0.003)], horizonBars: 12),
            training: .init(
                tool: "test", data: ["a.json"], symbols: ["BTCUSDT"], from: "2023-03-16T00:00:00Z", until: "2023-04-01T00:00:00Z", seed: seed,
                split: "none", metrics: ["ic_out_of_sample": 0.031, "hit_rate_out_of_sample": 0.5125], notes: ["a test file"]
            )
        )
    }

    @Test func aRoundTripKeepsEveryValue() throws {
        for seed in 1...20 as ClosedRange<UInt64> {
            let model = Self.sample(seed: seed)
            let bytes = model.encoded()
            let back = try ModelFile.decode(bytes)
            #expect(back == model)
            // Bit for bit, negative zero included.
            let a = model.network.layers.flatMap { $0.weights.flatMap { $0 } + $0.bias }.map(\.bitPattern)
            let b = back.network.layers.flatMap { $0.weights.flatMap { $0 } + $0.bias }.map(\.bitPattern)
            #expect(a == b)
            #expect(back.encoded() == bytes, "the canonical bytes are stable")
        }
    }

    @Test func aTruncatedFileIsCorrupt() throws {
        let bytes = Self.sample().encoded()
        for cut in [1, bytes.count / 3, bytes.count / 2, bytes.count - 3] {
            #expect(throws: ModelFileError.self) { try ModelFile.decode(Array(bytes.prefix(cut))) }
            do { _ = try ModelFile.decode(Array(bytes.prefix(cut))) } catch {
                guard case .corrupt = error else { Issue.record("cut at \(cut): \(error)"); continue }
            }
        }
        #expect(throws: ModelFileError.corrupt("The given data was not valid JSON.")) { try ModelFile.decode([]) } 
    }

    @Test func foreignAndNewerFilesAreNamedAsSuch() throws {
        var json = try object(Self.sample())
        json["format"] = "onnx"
        expect(json, is: .notAModelFile(format: "onnx"))
        json = try object(Self.sample())
        json["version"] = 2
        json["network"] = "a layout from the future"
        expect(json, is: .unsupportedVersion(found: 2, supported: 1...1))
    }

    @Test func incompatibleContentsAreTypedErrors() throws {
        var json = try object(Self.sample())
        var features = json["features"] as! [String: Any]
        var inputs = features["inputs"] as! [[String: Any]]
        inputs[0]["name"] = "order_book_imbalance"
        features["inputs"] = inputs
        json["features"] = features
        expect(json, is: .unknownFeature("order_book_imbalance"))

        var model = Self.sample()
        model.features.inputs[1].std = 0
        expect(try object(model), is: .badScale(model.features.inputs[1].name))

        model = Self.sample()
        model.network.layers[1].weights[2].removeLast()
        expect(try object(model), is: .shape("layers[1].weights[2] has 6 weights, the layer's input has 7 values"))

        model = Self.sample()
        model.network.layers[2].bias.append(0)
        expect(try object(model), is: .shape("layers[2] has 1 weight rows and 2 biases"))

        model = Self.sample()
        model.outputs.values.append(ScaledValue(name: "extra", mean: 0, std: 1))
        expect(try object(model), is: .shape("the network ends with 1 outputs, the file names 2"))

        model = Self.sample()
        model.outputs.horizonBars = 0
        expect(try object(model), is: .inconsistent("horizon_bars is 0, at least 1 is needed"))
    }

    @Test func anUnknownActivationOrANumberOutOfRangeIsCorrupt() throws {
        let text = String(decoding: Self.sample().encoded(), as: UTF8.self)
        for broken in [text.replacingOccurrences(of: "\"tanh\"", with: "\"gelu\""), text.replacingOccurrences(of: "\"horizon_bars\" : 12", with: "\"horizon_bars\" : \"12\"")] {
            #expect(broken != text)
            do {
                _ = try ModelFile.decode(Array(broken.utf8))
                Issue.record("accepted a broken file")
            } catch {
                guard case .corrupt(let reason) = error else { Issue.record("\(error)"); continue }
                #expect(reason.contains("network") || reason.contains("outputs"), "the path is named: \(reason)")
            }
        }
    }

    @Test func theReaderHashesTheBytesAndHonoursAPin() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("model-files-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("m.json").path
        let sha = try ModelFileReader.write(Self.sample(), to: path)
        let loaded = try ModelFileReader.load(path)
        #expect(loaded.stamp == ModelFileStamp(path: path, sha256: sha))
        #expect(sha == ModelFileReader.sha256(Self.sample().encoded()))
        #expect(loaded.file == Self.sample())
        #expect(throws: ModelFileError.unreadableFile(path: path + "x", reason: "no such file")) { try ModelFileReader.load(path + "x") }
        // A second write replaces the file (the scorer reloads it), never removes it.
        let other = Self.sample(seed: 2)
        let otherSHA = try ModelFileReader.write(other, to: path)
        #expect(try ModelFileReader.load(path).file == other)
        #expect(try ModelFileReader.hash(path) == otherSHA)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["m.json"], "no temporary file is left")
    }

    // MARK: helpers

    func object(_ model: ModelFile) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(model.encoded())) as! [String: Any]
    }

    func expect(_ json: [String: Any], is expected: ModelFileError, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let bytes = try JSONSerialization.data(withJSONObject: json)
            _ = try ModelFile.decode([UInt8](bytes))
            Issue.record("accepted: expected \(expected)", sourceLocation: sourceLocation)
        } catch let error as ModelFileError {
            #expect(error == expected, sourceLocation: sourceLocation)
        } catch { Issue.record("\(error)", sourceLocation: sourceLocation) }
    }
}
