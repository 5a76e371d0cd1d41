import Analytics
import ArenaCore
import ArenaStore
import Foundation
import Mustache

/// The dashboard's pages rendered from the state: each one a view built here, a template from
/// ``DashboardTemplates``, and the layout around it.
public struct DashboardPages: Sendable {
    let library: MustacheLibrary
    let chart: LineChart

    public init(chartPoints: Int) throws {
        var templates: [String: MustacheTemplate] = [:]
        for (name, text) in [
            ("layout", DashboardTemplates.layout), ("leaderboard", DashboardTemplates.leaderboard), ("model", DashboardTemplates.model),
            ("decision", DashboardTemplates.decision), ("coverage", DashboardTemplates.coverage), ("services", DashboardTemplates.services),
        ] {
            templates[name] = try MustacheTemplate(string: text)
        }
        library = MustacheLibrary(templates: templates)
        chart = LineChart(width: 1100, height: 380, maxPointsPerLine: chartPoints)
    }

    func page(_ template: String, title: String, view: [String: Any], query: String, version: Int) -> String {
        var view = view
        view["query"] = query
        let content = library.render(view, withTemplate: template) ?? "template \(template) failed"
        return library.render(["title": title, "content": content, "query": query, "version": version], withTemplate: "layout") ?? content
    }

    /// The whole leaderboard page (table and NAV chart) of `state` now.
    public func leaderboardPage(_ state: isolated ReporterState, query: String = "") -> [UInt8] {
        Array(page("leaderboard", title: "Leaderboard", view: leaderboard(state.leaderboard(), book: state.book), query: query, version: state.version).utf8)
    }

    /// The leaderboard and every curve on one chart.
    func leaderboard(_ board: Leaderboard, book: ArenaBook) -> [String: Any] {
        let rows: [[String: Any]] = board.rows.map { row in
            [
                "id": row.id, "kind": row.kind == .model ? "model" : "baseline", "link": row.kind == .model,
                "nav": Format.money(row.nav), "totalReturn": Format.percent(row.returnMetrics?.totalReturn), "dayReturn": Format.percent(row.dayReturn),
                "sharpe": Format.ratio(row.returnMetrics?.sharpe), "sortino": Format.ratio(row.returnMetrics?.sortino),
                "maxDrawdown": Format.percent(row.returnMetrics?.maxDrawdown), "calmar": Format.ratio(row.returnMetrics?.calmar),
                "psr": Format.ratio(row.probabilisticSharpeVsBuyAndHold), "trades": row.trades.map { "\($0.trades)" } ?? "–",
                "winRate": Format.share(row.trades?.winRate), "profitFactor": Format.ratio(row.trades?.profitFactor),
                "fees": Format.money(row.trades?.fees), "decisions": "\(row.decisions)", "rejects": "\(row.riskRejects)",
                "apiCost": Format.money(row.apiCost), "afterCost": Format.percent(row.returnAfterCost),
            ]
        }
        var lines = book.models.keys.sorted().map { LineChart.Line(name: $0.value, points: book.models[$0]?.nav ?? []) }
        for symbol in book.buyAndHold.keys.sorted() { lines.append(.init(name: "buy & hold \(symbol)", points: book.buyAndHold[symbol] ?? [])) }
        return ["note": board.note, "rows": rows, "chart": chart.svg(lines, title: "NAV per model and buy-and-hold"), "chartPoints": chart.maxPointsPerLine]
    }

    /// One model's page.
    func model(_ record: ModelRecord, state: TradingStateChange?, decisions: [ModelDecision]) -> [String: Any] {
        let account = record.account
        let positions: [[String: Any]] = (account?.positions ?? []).map { p in
            ["symbol": p.symbol.value, "quantity": "\(p.quantity)", "average": Format.money(p.averagePrice), "mark": Format.money(p.markPrice),
             "unrealized": Format.money(p.unrealizedPnL), "leverage": "\(p.leverage)"]
        }
        let trades: [[String: Any]] = record.trips.suffix(100).reversed().map { t in
            ["symbol": t.symbol.value, "side": t.direction == .buy ? "long" : "short", "opened": Format.time(t.openedAt), "closed": Format.time(t.closedAt),
             "gross": Format.money(t.grossPnL), "fees": Format.money(t.fees), "net": Format.money(t.netPnL), "rGross": Format.ratio(t.grossR), "rNet": Format.ratio(t.netR)]
        }
        let stats = TradeStatistics(record.trips)
        let summary = "\(stats.trades) closed trades · gross \(Format.money(stats.grossPnL)) · fees \(Format.money(stats.fees)) · net \(Format.money(stats.netPnL))"
            + (stats.grossR.map { " · \(Format.ratio($0))R gross, \(Format.ratio(stats.netR))R net over \(stats.tradesWithR) trades with a stop" } ?? "")
        let rows: [[String: Any]] = decisions.map { d in
            ["id": d.decisionID, "outcome": d.outcome.rawValue, "action": d.action.rawValue, "symbol": d.symbol?.value ?? "–",
             "size": "\(d.positionSizePct)", "confidence": Format.ratio(d.confidence), "latency": "\(d.latencyMilliseconds)", "why": Self.why(d)]
        }
        return [
            "id": record.modelID.value, "state": state?.to.rawValue ?? "ACTIVE", "nav": Format.money(account?.nav), "cash": Format.money(account?.cash),
            "realized": Format.money(account?.realizedPnL), "fees": Format.money(account?.fees), "funding": Format.money(account?.funding),
            "positions": positions, "trades": trades, "tradeSummary": summary, "decisions": rows,
            "chart": chart.svg([.init(name: record.modelID.value, points: record.nav)], title: "NAV of \(record.modelID.value)"),
        ]
    }

    /// What explains a decision in one line: the layer scores of a scorer, or the rationale.
    static func why(_ decision: ModelDecision) -> String {
        if let details = decision.details { return String(Format.json(details).prefix(300)) }
        return String(decision.rationale.prefix(300))
    }

    /// The audit replay of one decision.
    func decision(_ replay: AuditReplay) -> [String: Any] {
        let chainOK = replay.chain?.verified ?? false
        var view: [String: Any] = [
            "id": replay.decisionID, "chainSeq": replay.chain.map { "\($0.throughSeq)" } ?? "–",
            "chainText": chainOK ? "verified" : (replay.chain?.problems.first ?? "not verified"), "chainClass": chainOK ? "ok" : "bad",
            "snapshotHash": replay.snapshot?.hash ?? "–",
            "decisionJSON": replay.decision.map(Format.json) ?? "(not recorded)", "verdictJSON": replay.verdict.map(Format.json) ?? "(no verdict recorded)",
            "ordersJSON": Format.json(replay.orders), "fillsJSON": Format.json(replay.fills),
            "snapshotJSON": replay.snapshot?.snapshot.map(Format.json) ?? "(not in this store)",
        ]
        switch replay.snapshot?.intact {
        case true?: view["snapshotText"] = "hash matches"; view["snapshotClass"] = "ok"
        case false?: view["snapshotText"] = "HASH MISMATCH"; view["snapshotClass"] = "bad"
        case nil: view["snapshotText"] = "not found"; view["snapshotClass"] = ""
        }
        if let trace = replay.decision?.trace {
            view["prompt"] = trace.prompt
            view["rawReply"] = trace.rawReply
            if !trace.validationErrors.isEmpty { view["validation"] = trace.validationErrors.joined(separator: "\n") }
        }
        return view
    }
}
