import ArenaCore
import ArenaStore
import Foundation
import Testing

/// Events heard on the bus are recorded in the audit log and paged through by the API.
@Suite(.serialized) struct EventPagingTests {
    @Test func decisionsArePagedNewestFirstWithACursorAndAModelFilter() async throws {
        let rig = try await ReporterRig()
        defer { Task { await rig.stop() } }
        for n in 0..<25 {
            for model in ReporterRig.models { try rig.features.publish(ReporterRig.decision(model, n), topic: ArenaTopics.decision(ModelID(unchecked: model))) }
        }
        try await rig.eventually("50 recorded decisions") {
            let board = try await rig.get("/api/leaderboard", token: ReporterRig.viewer).json()
            return (board["sample"] as? [String: Any])?["decisions"] as? Int == 50
        }
        try await rig.eventually("the decisions written to the store") {
            let database = try await Store.open(url: rig.store)
            defer { Task { await database.close() } }
            return try await database.query("SELECT COUNT(*) AS n FROM reporter_events WHERE kind = 'decision'", []).first?.decode("n", as: Int64.self) == 50
        }
        var seen: [String] = []
        var cursor: String?
        repeat {
            let path = "/api/decisions?model=alpha&limit=10" + (cursor.map { "&cursor=\($0)" } ?? "")
            let page = try await rig.get(path, token: ReporterRig.viewer).json()
            let items = try #require(page["items"] as? [[String: Any]])
            #expect(items.count <= 10)
            seen += items.compactMap { $0["decisionID"] as? String }
            cursor = page["next_cursor"] as? String
        } while cursor != nil
        #expect(seen == (0..<25).reversed().map { "alpha@\($0)" })
        let all = try await rig.get("/api/decisions?limit=500", token: ReporterRig.viewer).json()
        #expect((all["items"] as? [Any])?.count == 50)
        #expect(all["next_cursor"] is NSNull)
    }

    @Test func theAuditReplayShowsADecisionAndTheChainVerifiesUpToIt() async throws {
        let rig = try await ReporterRig()
        defer { Task { await rig.stop() } }
        try rig.features.publish(ReporterRig.decision("alpha", 7), topic: ArenaTopics.decision(ModelID(unchecked: "alpha")))
        try await rig.eventually("the decision's replay") {
            try await rig.get("/api/decisions/alpha@7", token: ReporterRig.viewer).status == .ok
        }
        let replay = try await rig.get("/api/decisions/alpha@7", token: ReporterRig.viewer).json()
        #expect((replay["decision"] as? [String: Any])?["rationale"] as? String == "test 7")
        let chain = try #require(replay["chain"] as? [String: Any])
        #expect(chain["verified"] as? Bool == true)
        let snapshot = try #require(replay["snapshot"] as? [String: Any])
        #expect(snapshot["found"] as? Bool == false, "no feature engine in this rig, so no stored snapshot")
        let page = try await rig.get("/decisions/alpha@7", token: ReporterRig.viewer)
        #expect(page.status == .ok)
        #expect(page.text.contains("id=\"chain\">verified"))
        #expect(try await rig.get("/api/decisions/alpha@8", token: ReporterRig.viewer).status == .notFound)
    }

    @Test func aRestartedReporterKeepsWhatItRecorded() async throws {
        var rig: ReporterRig? = try await ReporterRig()
        let folder = try #require(rig).folder
        for n in 0..<5 { try rig!.features.publish(ReporterRig.decision("beta", n), topic: ArenaTopics.decision(ModelID(unchecked: "beta"))) }
        try await rig!.eventually("5 stored decisions") {
            let database = try await Store.open(url: rig!.store)
            defer { Task { await database.close() } }
            return try await database.query("SELECT COUNT(*) AS n FROM reporter_events", []).first?.decode("n", as: Int64.self) == 5
        }
        rig!.host.triggerGracefulShutdown(reason: "restart")
        _ = try? await rig!.running.value
        rig = nil
        let again = try await ReporterRig(folder: folder)
        defer { Task { await again.stop() } }
        let board = try await again.get("/api/leaderboard", token: ReporterRig.viewer).json()
        #expect((board["sample"] as? [String: Any])?["decisions"] as? Int == 5)
    }
}
