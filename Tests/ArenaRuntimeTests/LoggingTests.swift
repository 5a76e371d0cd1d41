import ArenaCore
import Foundation
import Logging
import Testing
@testable import ArenaRuntime

/// The JSON and console handlers: parseable lines, flattened metadata, secrets masked.
@Suite struct LoggingTests {
    static let clock = SimulatedClock(start: Timestamp(milliseconds: 1_700_000_000_123))

    private func logger(format: LogFormat, level: Logger.Level = .trace, into captured: Fixtures.CapturedLines) -> Logger {
        Logger(label: "arena.test") { label in
            ArenaLogHandler(label: label, service: "gateway", level: level, format: format, output: captured.output, clock: Self.clock)
        }
    }

    private func parse(_ line: String) throws -> [String: Any] {
        #expect(line.hasSuffix("\n"))
        #expect(line.dropLast().contains("\n") == false)
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
        return try #require(object as? [String: Any])
    }

    @Test func jsonLinesParseWithFlattenedMetadata() throws {
        let captured = Fixtures.CapturedLines()
        var log = logger(format: .json, into: captured)
        log[metadataKey: "model"] = "rule.ema"
        log.info("order \"accepted\"\nnext", metadata: ["order": ["id": "7", "qty": "0.5"], "tags": ["a", "b"]])
        let object = try parse(try #require(captured.lines.first))
        #expect(object["timestamp"] as? String == "2023-11-14T22:13:20.123Z")
        #expect(object["level"] as? String == "info")
        #expect(object["service"] as? String == "gateway")
        #expect(object["label"] as? String == "arena.test")
        #expect(object["message"] as? String == "order \"accepted\"\nnext")
        #expect(object["model"] as? String == "rule.ema")
        #expect(object["order.id"] as? String == "7")
        #expect(object["order.qty"] as? String == "0.5")
        #expect(object["tags"] as? [String] == ["a", "b"])
        #expect(object["file"] == nil, "only errors carry their source location")
    }

    @Test func secretsAreRedactedAtEveryLevel() throws {
        let captured = Fixtures.CapturedLines()
        logger(format: .json, into: captured).warning("connecting", metadata: [
            "api_key": "AKIA123", "venue": ["secret": "s3", "name": "binance"], "Authorization-Token": "t0k",
            "db_password": "pw", "key_file": "/run/secrets/k", "headers": ["list": ["x"], "token": ["a", "b"]],
        ])
        let line = try #require(captured.lines.first)
        let object = try parse(line)
        #expect(object["api_key"] as? String == "***")
        #expect(object["venue.secret"] as? String == "***")
        #expect(object["venue.name"] as? String == "binance")
        #expect(object["Authorization-Token"] as? String == "***")
        #expect(object["db_password"] as? String == "***")
        #expect(object["headers.token"] as? String == "***")
        #expect(object["key_file"] as? String == "/run/secrets/k", "a path to a secret is not the secret")
        for secret in ["AKIA123", "s3", "t0k", "\"pw\""] { #expect(!line.contains(secret)) }
    }

    @Test func customRedactionHook() throws {
        let captured = Fixtures.CapturedLines()
        let log = Logger(label: "t") { label in
            ArenaLogHandler(
                label: label, service: "oms", format: .json, output: captured.output,
                redaction: LogRedaction { $0 == "account" || LogRedaction.isSensitive(key: $0) }, clock: Self.clock
            )
        }
        log.info("x", metadata: ["account": "12345", "token": "t"])
        let object = try parse(try #require(captured.lines.first))
        #expect(object["account"] as? String == "***")
        #expect(object["token"] as? String == "***")
    }

    @Test func errorsCarryLocationAndError() throws {
        struct Broken: Error, CustomStringConvertible { var description: String { "venue said no" } }
        let captured = Fixtures.CapturedLines()
        let log = logger(format: .json, into: captured)
        let line = #line + 1
        log.error("order rejected", error: Broken())
        let object = try parse(try #require(captured.lines.first))
        #expect(object["level"] as? String == "error")
        #expect(object["error"] as? String == "venue said no")
        #expect((object["file"] as? String)?.hasSuffix("LoggingTests.swift") == true)
        #expect(object["line"] as? Int == line)
        #expect(object["function"] as? String != nil)
        #expect(object["source"] as? String != nil)
    }

    @Test func metadataCannotOverwriteRecordFields() throws {
        let captured = Fixtures.CapturedLines()
        logger(format: .json, into: captured).info("real", metadata: ["message": "fake", "level": "fake"])
        let object = try parse(try #require(captured.lines.first))
        #expect(object["message"] as? String == "real")
        #expect(object["metadata.message"] as? String == "fake")
        #expect(object["metadata.level"] as? String == "fake")
    }

    @Test func controlCharactersAreEscaped() throws {
        let captured = Fixtures.CapturedLines()
        let text = "tab\there \u{01} bell\u{07} back\\slash é"
        logger(format: .json, into: captured).info("\(text)")
        let object = try parse(try #require(captured.lines.first))
        #expect(object["message"] as? String == text)
    }

    @Test func levelFromConfigFilters() {
        let captured = Fixtures.CapturedLines()
        let log = logger(format: .json, level: .warning, into: captured)
        log.info("dropped")
        log.warning("kept")
        #expect(captured.lines.count == 1)
    }

    @Test func consoleLinesAreReadableAndRedacted() throws {
        let captured = Fixtures.CapturedLines()
        logger(format: .console, into: captured).notice("started", metadata: ["port": "9101", "token": "abc", "note": "two words"])
        let line = try #require(captured.lines.first)
        #expect(line == "2023-11-14T22:13:20.123Z   NOTICE gateway [arena.test] started note=\"two words\" port=9101 token=***\n")
    }

    @Test func autoFormatFollowsTheTerminal() {
        let terminal = LogOutput(isTerminal: true) { _ in }
        let pipe = LogOutput(isTerminal: false) { _ in }
        #expect(ArenaLogHandler(label: "a", service: "s", format: .auto, output: terminal).format == .console)
        #expect(ArenaLogHandler(label: "a", service: "s", format: .auto, output: pipe).format == .json)
    }

    @Test func bootstrapIsSafeToRepeat() {
        ArenaLogging.bootstrap(service: "test", level: .critical, format: .json, output: Fixtures.silent)
        #expect(ArenaLogging.isBootstrapped)
        #expect(ArenaLogging.bootstrap(service: "test", level: .critical, format: .json, output: Fixtures.silent) == false)
    }
}
