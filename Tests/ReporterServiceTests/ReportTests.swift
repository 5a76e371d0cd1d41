import ArenaBus
import ArenaCore
import Foundation
import Testing

/// Periodic reports: due on market time, stored in three formats for the arena and each model, and
/// their summary sent to the alerter.
@Suite(.serialized) struct ReportServiceTests {
    static let btc = ReporterRig.btc

    static func bar(_ minute: Int64, close: FixedDecimal) -> Bar { ReporterRig.bar(minute, close: close) }

    @Test func aFinishedDayIsReportedStoredAndAnnounced() async throws {
        let rig = try await ReporterRig()
        defer { Task { await rig.stop() } }
        let alerts = try rig.bus.subscriber(service: ServiceName(unchecked: "alerter"), connect: ["reporter.pub"], topics: ["alert.report"], bufferCapacity: 64)
        // ReporterRig.start is 2023-04-01T00:00Z: bars through the day, then the first of the next.
        for minute in stride(from: Int64(0), through: 1_440, by: 30) {
            try rig.gateway.publish(Self.bar(minute, close: FixedDecimal(30_000 + Int(minute))), topic: MarketTopics.bar(.m1, Self.btc))
            if minute == 0 {
                let account = AccountState(
                    modelID: ModelID(unchecked: "alpha"), source: .ledger, asOf: Timestamp(nanoseconds: ReporterRig.start + 60_000_000_000), sequence: 1,
                    cash: 10_000, positions: [], nav: 10_000, realizedPnL: 0, fees: 0
                )
                try rig.oms.publish(account, topic: ArenaTopics.account(account.modelID))
            }
        }
        try await rig.eventually("the daily report") {
            let listing = try await rig.get("/api/reports", token: ReporterRig.viewer).json()
            return (listing["reports"] as? [[String: Any]])?.contains { $0["period"] as? String == "daily" && $0["start"] as? String == "2023-04-01" } == true
        }
        let markdown = try await rig.get("/reports/daily/2023-04-01/arena.md", token: ReporterRig.viewer)
        #expect(markdown.status == .ok)
        #expect(markdown.headers["Content-Type"].first?.hasPrefix("text/markdown") == true)
        #expect(markdown.text.hasPrefix("# Daily report 2023-04-01"))
        #expect(markdown.text.contains("| alpha |"))
        #expect(markdown.text.contains("| buy_and_hold:BTCUSDT |"))
        let html = try await rig.get("/reports/daily/2023-04-01/alpha.html", token: ReporterRig.viewer)
        #expect(html.status == .ok)
        #expect(html.text.contains("<h1>Daily report 2023-04-01</h1>"))
        #expect(!html.text.contains("| beta |"))
        let json = try await rig.get("/reports/daily/2023-04-01/arena.json", token: ReporterRig.viewer).json()
        #expect(json["period"] as? String == "daily")
        #expect(try await rig.get("/reports/daily/2023-04-31/arena.md", token: ReporterRig.viewer).status == .badRequest)
        // Found by schemathesis: a date past 2262 overflowed the nanosecond clock and stopped the server.
        #expect(try await rig.get("/reports/weekly/5630-07-21/arena.html", token: ReporterRig.viewer).status == .badRequest)
        #expect(try await rig.get("/api/health").status == .ok)
        #expect(try await rig.get("/reports/daily/2023-04-02/arena.md", token: ReporterRig.viewer).status == .notFound)

        var announced: Alert?
        for await message in alerts.messages {
            announced = try message.decode(Alert.self)
            break
        }
        #expect(announced?.kind == "report")
        #expect(announced?.title == "Daily report 2023-04-01")
        #expect(announced?.message.contains("buy_and_hold:BTCUSDT +4.7%") == true, "\(announced?.message ?? "")")
        await alerts.close()
    }
}
