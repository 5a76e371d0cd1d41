import Analytics
import ArenaCore
import ArenaRuntime
import ArenaStore
import Foundation
import Hummingbird

/// The dashboard's HTML pages and its live refresh (server-sent events).
struct DashboardRoutes {
    let state: ReporterState
    let store: StoreHandle
    let pages: DashboardPages

    func register(on router: Router<ReporterContext>) {
        router.get("/") { request, _ in
            let query = Self.query(request)
            return html(await state.cached("page.leaderboard\(query)") { state in pages.leaderboardPage(state, query: query) })
        }
        router.get("models/:id") { request, context in
            let id = try context.parameters.decoded("id")
            guard let model = try? ModelID(id), let record = await state.book.models[model] else { throw APIError.notFound("no model \(id)") }
            let decisions = try await recentDecisions(of: id)
            let view = pages.model(record, state: await state.tradingStates[id], decisions: decisions)
            return html(Array(pages.page("model", title: id, view: view, query: Self.query(request), version: await state.version).utf8))
        }
        router.get("decisions/:id") { request, context in
            let id = try context.parameters.decoded("id")
            guard id.utf8.count <= 256, let replay = try await AuditReplay.load(id, database: try store.forRequest()) else { throw APIError.notFound("no decision \(id)") }
            return html(Array(pages.page("decision", title: "Decision \(id)", view: pages.decision(replay), query: Self.query(request), version: await state.version).utf8))
        }
        router.get("coverage") { request, _ in
            let symbols: [[String: Any]] = await state.coverage.map { marks in
                ["symbol": marks.symbol.value, "bars": "\(marks.bars)", "first": Format.time(marks.firstOpen), "last": Format.time(marks.lastCloseTime)]
            }
            let alerts: [[String: Any]] = await state.dataAlerts.map { a in
                ["time": Format.time(a.time), "kind": a.kind, "symbol": a.symbol?.value ?? "–", "message": a.message]
            }
            return html(Array(pages.page("coverage", title: "Data coverage", view: ["symbols": symbols, "alerts": alerts], query: Self.query(request), version: await state.version).utf8))
        }
        router.get("services") { request, _ in
            let services: [[String: Any]] = await state.pulses.values.sorted { $0.service < $1.service }.map { p in
                ["service": p.service, "instance": p.instance, "state": p.state, "stateClass": p.state == "READY" ? "ok" : "bad",
                 "heartbeat": Format.time(milliseconds: p.lastHeartbeatMilliseconds), "uptime": "\(p.uptimeSeconds)", "messages": "\(p.messages)", "rate": Format.ratio(p.messagesPerSecond), "alerts": "\(p.alerts)",
                 "cpu": Format.share(p.cpuShare), "memory": p.residentMemoryBytes.map { "\($0 >> 20) MiB" } ?? "–"]
            }
            let alerts: [[String: Any]] = await state.alerts.suffix(50).reversed().map { a in
                ["time": Format.time(a.time), "severity": a.severity.rawValue, "source": a.source.value, "kind": a.kind, "title": a.title]
            }
            let models: [[String: Any]] = await state.leaderboard().rows.filter { $0.kind == .model }.map { row in
                ["id": row.id, "decisions": "\(row.decisions)", "p50": row.latencyP50Milliseconds.map { "\($0)" } ?? "–",
                 "p99": row.latencyP99Milliseconds.map { "\($0)" } ?? "–", "timeouts": "\(row.timeouts)",
                 "timeoutRate": Format.share(row.decisions > 0 ? Double(row.timeouts) / Double(row.decisions) : nil),
                 "invalid": "\(row.invalidReplies)", "rejects": "\(row.riskRejects)"]
            }
            let workers: [[String: Any]] = await state.book.workerRows().map { w in
                ["worker": w.worker, "jobs": "\(w.jobs)", "share": Format.share(w.share), "p50": w.latencyP50Milliseconds.map { "\($0)" } ?? "–",
                 "p99": w.latencyP99Milliseconds.map { "\($0)" } ?? "–", "lastTick": w.lastTickMilliseconds.map { Format.time(milliseconds: $0) } ?? "–",
                 "files": w.modelFiles.isEmpty ? "–" : w.modelFiles.map { "\($0.model) \($0.sha256.prefix(12))" }.joined(separator: ", ")]
            }
            let view: [String: Any] = ["services": services, "alerts": alerts, "models": models, "workers": workers]
            return html(Array(pages.page("services", title: "Services", view: view, query: Self.query(request), version: await state.version).utf8))
        }
        router.get("events") { _, _ in events() }
        router.get("favicon.ico") { _, _ in Response(status: .noContent) }
    }

    /// `?token=…` carried over to the page's links, so a browser that came with one keeps it.
    static func query(_ request: Request) -> String {
        guard let token = request.uri.queryParameters["token"], token.allSatisfy({ $0.isLetter || $0.isNumber || "-_.~".contains($0) }) else { return "" }
        return "?token=\(token)"
    }

    func html(_ bytes: [UInt8]) -> Response {
        Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// `event: refresh` with the state's version whenever it changed (checked each second), and a
    /// comment every 15 s so proxies keep the stream open. Ends on the server's graceful shutdown.
    func events() -> Response {
        let state = self.state
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                var shown = -1, quiet = 0
                while !Task.isCancelled, !Task.isShuttingDownGracefully {
                    let version = await state.version
                    if version != shown {
                        try await writer.write(ByteBuffer(string: "event: refresh\ndata: \(version)\n\n"))
                        shown = version
                        quiet = 0
                    } else if quiet >= 15 {
                        try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                        quiet = 0
                    }
                    try? await Task.sleep(for: .seconds(1))
                    quiet += 1
                }
                try await writer.finish(nil)
            }
        )
    }

    func recentDecisions(of model: String) async throws -> [ModelDecision] {
        guard let database = store.current else { return [] }
        let page = try await EventQueries(database: database).page(kind: .decision, model: model, before: nil, limit: 50)
        let decoder = JSONDecoder()
        return page.events.compactMap { if case .decision(let decision)? = try? ReporterEvent.decode($0, decoder: decoder) { decision } else { nil } }
    }
}
