import ArenaCore
import ArenaStore
import Foundation
import Testing

/// Tokens, limits and typed errors of the HTTP API, over real HTTP against the real reporter.
@Suite(.serialized) struct APIAccessTests {
    @Test func readsNeedTheViewerOrAdminTokenAndWritesTheAdminToken() async throws {
        let rig = try await ReporterRig()
        defer { Task { await rig.stop() } }
        #expect(try await rig.get("/api/health").status == .ok)
        #expect(try await rig.get("/api/openapi.json").status == .ok)
        let anonymous = try await rig.get("/api/leaderboard")
        #expect(anonymous.status == .unauthorized)
        #expect(try anonymous.errorCode() == "unauthorized")
        #expect(anonymous.headers["WWW-Authenticate"].first == "Bearer")
        #expect(try await rig.get("/api/leaderboard", token: "not-a-token-at-all").status == .unauthorized)
        #expect(try await rig.get("/api/leaderboard", token: ReporterRig.viewer).status == .ok)
        #expect(try await rig.get("/api/leaderboard", token: ReporterRig.admin).status == .ok)
        #expect(try await rig.get("/?token=\(ReporterRig.viewer)").status == .ok)
        #expect(try await rig.get("/").status == .unauthorized)

        let noToken = try await rig.post("/api/admin/models/alpha/pause")
        #expect(noToken.status == .unauthorized)
        let asViewer = try await rig.post("/api/admin/models/alpha/pause", token: ReporterRig.viewer)
        #expect(asViewer.status == .forbidden)
        #expect(try asViewer.errorCode() == "forbidden")
    }

    @Test func anAdminActionReachesTheRiskGuardAndIsInTheAuditLog() async throws {
        let rig = try await ReporterRig()
        defer { Task { await rig.stop() } }
        let reply = try await rig.post("/api/admin/models/alpha/pause", token: ReporterRig.admin, body: #"{"reason":"maintenance window"}"#)
        #expect(reply.status == .ok, "\(reply.text)")
        #expect(try reply.json()["applied"] as? Bool == true)
        let database = try await Store.open(url: rig.store)
        defer { Task { await database.close() } }
        let rows = try await database.query("SELECT kind, ref, body FROM audit_log WHERE kind = 'operator_action'", [])
        #expect(rows.count == 1)
        let body = String(decoding: try #require(rows.first).decode("body", as: [UInt8].self), as: UTF8.self)
        #expect(body.contains("maintenance window"))
        #expect(body.contains("\"principal\":\"admin#"))
        #expect(body.contains("\"modelID\":\"alpha\""))
        #expect(!body.contains(ReporterRig.admin), "the token itself is never recorded")
        // The guard published the change; the reporter shows it on the model.
        try await rig.eventually("the halted state on the model") {
            let model = try await rig.get("/api/models/alpha", token: ReporterRig.viewer).json()
            return (model["tradingState"] as? [String: Any])?["to"] as? String == "HALTED"
        }
        let resume = try await rig.post("/api/admin/models/alpha/resume", token: ReporterRig.admin)
        #expect(resume.status == .ok, "\(resume.text)")
        let missingState = try await rig.post("/api/admin/models/alpha/state", token: ReporterRig.admin, body: "{}")
        #expect(missingState.status == .badRequest)
        let unknownModel = try await rig.post("/api/admin/models/nobody/pause", token: ReporterRig.admin)
        #expect(unknownModel.status == .conflict, "the guard refuses a model it does not know: \(unknownModel.text)")
    }

    @Test func oversizedAndMalformedRequestsGetTypedErrors() async throws {
        let rig = try await ReporterRig()
        defer { Task { await rig.stop() } }
        let big = "{\"reason\":\"" + String(repeating: "x", count: 4_000) + "\"}"
        let oversized = try await rig.post("/api/admin/kill", token: ReporterRig.admin, body: big)
        #expect(oversized.status == .payloadTooLarge)
        #expect(try oversized.errorCode() == "payload_too_large")
        for (body, why) in [("{not json", "malformed"), ("[1,2]", "not an object"), (#"{"reason":"x","extra":1}"#, "unknown field"), (#"{"state":"MAYBE"}"#, "bad state")] {
            let reply = try await rig.post("/api/admin/models/alpha/state", token: ReporterRig.admin, body: body)
            #expect(reply.status == .badRequest, "\(why): \(reply.text)")
            #expect(try reply.errorCode() == "bad_request", "\(why)")
        }
        for path in ["/api/decisions?limit=0", "/api/decisions?limit=abc", "/api/decisions?limit=100000", "/api/decisions?cursor=-4", "/api/decisions?model=%20bad", "/api/nav/alpha?points=1"] {
            let reply = try await rig.get(path, token: ReporterRig.viewer)
            #expect(reply.status == .badRequest, "\(path): \(reply.text)")
        }
        let missing = try await rig.get("/api/models/nobody", token: ReporterRig.viewer)
        #expect(missing.status == .notFound)
        #expect(try missing.errorCode() == "not_found")
        let noRoute = try await rig.get("/api/nothing-here", token: ReporterRig.viewer)
        #expect(noRoute.status == .notFound)
        #expect(try noRoute.errorCode() == "not_found")
    }

    @Test func aClientOverItsRateIsToldToSlowDown() async throws {
        // One token per 100 s: the refill cannot blur the count however slow the machine is.
        let rig = try await ReporterRig(burst: 20, extra: ", requests_per_second: 0.01")
        defer { Task { await rig.stop() } }
        var statuses: [UInt] = []
        for _ in 0..<40 { statuses.append(try await rig.get("/api/leaderboard", token: ReporterRig.viewer).status.code) }
        #expect(statuses.filter { $0 == 200 }.count == 20)
        let limited = try await rig.get("/api/leaderboard", token: ReporterRig.viewer)
        #expect(limited.status == .tooManyRequests)
        #expect(try limited.errorCode() == "rate_limited")
        let retry = try #require(limited.headers["Retry-After"].first.flatMap(Int.init))
        #expect((1...100).contains(retry), "a token comes back within 100 s: \(retry)")
        // Another client (another token) has its own bucket.
        #expect(try await rig.get("/api/leaderboard", token: ReporterRig.admin).status == .ok)
    }

    @Test func theServedOpenAPIDocumentIsTheOneInTheRepository() async throws {
        let rig = try await ReporterRig()
        defer { Task { await rig.stop() } }
        let served = try await rig.get("/api/openapi.json")
        let committed = try Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/api/openapi.json"))
        // `make openapi` prints the document with a final newline.
        #expect(served.text + "\n" == String(decoding: committed, as: UTF8.self), "run `make openapi` after changing OpenAPIDocument.swift")
        let document = try served.json()
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: Any])
        for path in ["/api/leaderboard", "/api/models/{id}", "/api/decisions", "/api/decisions/{id}", "/api/orders", "/api/fills", "/api/nav/{id}", "/api/health"] {
            #expect(paths[path] != nil, "\(path) is documented")
        }
    }
}
