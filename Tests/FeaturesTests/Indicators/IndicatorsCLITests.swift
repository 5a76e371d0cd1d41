import ArenaTesting
import Foundation
import Testing

/// `arena indicators`, run as the built executable (`swift build --build-tests` builds it next to the tests).
@Suite(.cpuBound) struct IndicatorsCLITests {
    static let arena: URL = {
        let bundle = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: bundle).deletingLastPathComponent().appendingPathComponent("arena")
    }()

    /// Five 1m klines in freqtrade's layout: closes 10, 11, 10.5, 12, 12.
    static let klines = """
    [[1700000000000,10,10.5,9.5,10,5],[1700000060000,10,11.5,10,11,3],[1700000120000,11,11,10,10.5,2],
    [1700000180000,10.5,12,10.5,12,4],[1700000240000,12,12.5,11.5,12,1]]
    """

    static func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("indicators-\(UUID().uuidString).json").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func run(input: String, spec: String) async throws -> (CompletedProcess, String) {
        try #require(FileManager.default.isExecutableFile(atPath: arena.path), "\(arena.path) is missing; build everything first")
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("indicators-\(UUID().uuidString).csv").path
        let run = try await ChildProcess.run(arena, ["indicators", "--input", input, "--indicators", spec, "--output", output])
        return (run, (try? String(contentsOfFile: output, encoding: .utf8)) ?? "")
    }

    @Test func writesOneRowPerBarWithEmptyWarmUpCells() async throws {
        let (run, csv) = try await Self.run(input: try Self.write(Self.klines), spec: "sma:2,rsi:2,obv")
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("wrote 5 rows of 3 indicator columns"))
        // RSI(2): changes +1, −0.5, +1.5, 0 give 200/3 and 800/9 (OscillatorTests), computed as
        // 100·(0.5/0.75), whose last digit differs from 200/3's; OBV 5, 8, 6, 10, 10.
        let expected = [
            "open_time_ms,sma_2,rsi_2,obv",
            "1700000000000,,,5.0",
            "1700000060000,10.5,,8.0",
            "1700000120000,10.75,66.66666666666666,6.0",
            "1700000180000,11.25,\(800.0 / 9),10.0",
            "1700000240000,12.0,\(800.0 / 9),10.0",
        ]
        #expect(csv.split(separator: "\n").map(String.init) == expected)
    }

    @Test func aBadSpecFailsNamingTheItem() async throws {
        let (run, csv) = try await Self.run(input: try Self.write(Self.klines), spec: "sma:2,macd:12:x:9")
        #expect(run.status != 0)
        #expect(run.stderr.contains("'macd:12:x:9': parameter 'x' is not a whole number"), "\(run)")
        #expect(csv.isEmpty)
    }

    @Test func decreasingOpenTimesAreRefusedNamingTheLine() async throws {
        let input = try Self.write("[[1700000060000,1,1,1,1,1],\n[1700000000000,1,1,1,1,1]]")
        let (run, _) = try await Self.run(input: input, spec: "obv")
        #expect(run.status != 0)
        #expect(run.stderr.contains(":2: row 2: open time"), "\(run)")
    }

    @Test(arguments: ["", "[[1700000000000,1,1,1,oops,1]]", "not,a,kline,file\n"])
    func unreadableInputFailsWithAMessage(text: String) async throws {
        let (run, _) = try await Self.run(input: try Self.write(text), spec: "obv")
        #expect(run.status != 0)
        #expect(run.stderr.contains("Error:"), "\(run)")
    }

    @Test func aMissingFileFails() async throws {
        let (run, _) = try await Self.run(input: "/nonexistent/klines.json", spec: "obv")
        #expect(run.status != 0)
        #expect(run.stderr.contains("klines.json"), "\(run)")
    }
}
