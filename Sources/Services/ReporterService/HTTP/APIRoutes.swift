import Analytics
import ArenaCore
import ArenaRuntime
import ArenaStore
import Foundation
import Hummingbird

/// The read side of the HTTP API (spec §8, §11): JSON for everything the dashboard shows.
/// `docs/openapi.json` (served at `/api/openapi.json`) describes every route.
struct APIRoutes {
    let state: ReporterState
    let store: StoreHandle
    let config: ReporterConfig

    func register(on router: Router<ReporterContext>) {
        let api = router.group("api")
        api.get("health") { _, _ in try await health() }
        api.get("openapi.json") { _, _ in JSONResponse.bytes(Array(OpenAPIDocument.json.utf8)) }
        api.get("leaderboard") { _, _ in
            JSONResponse.bytes(try await state.cached("api.leaderboard") { state in try CanonicalJSON.encode(state.leaderboard()) })
        }
        api.get("models") { _, _ in try JSONResponse.make(ModelList(models: await state.book.models.keys.map(\.value).sorted())) }
        api.get("models/:id") { _, context in try await model(try context.parameters.decoded("id")) }
        api.get("nav/:id") { request, context in try await nav(try context.parameters.decoded("id"), request) }
        api.get("decisions") { request, _ in try await page(.decision, request) }
        api.get("decisions/:id") { _, context in try await replay(try context.parameters.decoded("id")) }
        api.get("verdicts") { request, _ in try await page(.verdict, request) }
        api.get("orders") { request, _ in try await page(.orderEvent, request) }
        api.get("fills") { request, _ in try await page(.fill, request) }
        api.get("services") { _, _ in
            try JSONResponse.make(ServicesBody(
                services: await state.pulses.values.sorted { $0.service < $1.service }, workers: await state.book.workerRows(), alerts: await state.alerts.reversed()
            ))
        }
        api.get("coverage") { _, _ in try JSONResponse.make(await coverage()) }
    }

    struct ModelList: Encodable { var models: [String] }
    struct ServicesBody: Encodable { var services: [ServicePulse]; var workers: [WorkerRow]; var alerts: [Alert] }
    struct Health: Encodable { var status: String; var store: String; var version: Int; var models: Int; var services: [ServicePulse] }

    /// `status` is `ok` once the store is migrated and open (`store: ready`), `starting` before.
    func health() async throws -> Response {
        let ready = store.current != nil, restored = await state.restored
        return try JSONResponse.make(Health(
            status: ready && restored ? "ok" : "starting", store: ready ? "ready" : "starting", version: await state.version,
            models: await state.book.models.count, services: await state.pulses.values.sorted { $0.service < $1.service }
        ))
    }

    /// One model: its leaderboard row, account, trading state, open positions, recent round trips.
    struct ModelBody: Encodable {
        var id: String
        var row: LeaderboardRow?
        var account: AccountState?
        var tradingState: TradingStateChange?
        var recentTrades: [RoundTrip]
        var navPoints: Int
    }

    func model(_ id: String) async throws -> Response {
        guard let model = try? ModelID(id), let record = await state.book.models[model] else { throw APIError.notFound("no model \(id)") }
        let row = await state.leaderboard().rows.first { $0.id == id }
        return try JSONResponse.make(ModelBody(
            id: id, row: row, account: record.account, tradingState: await state.tradingStates[id],
            recentTrades: Array(record.trips.suffix(50).reversed()), navPoints: record.nav.count
        ))
    }

    struct NAVBody: Encodable { var model: String; var points: [[Double]]; var total: Int }

    /// A model's (or a baseline's, `buy_and_hold:SYMBOL`) NAV curve; `points=N` downsamples it (LTTB).
    func nav(_ id: String, _ request: Request) async throws -> Response {
        let curve: [EquityPoint]
        if let symbol = Leaderboard.buyAndHoldSymbol(id), let series = await state.book.buyAndHold[symbol] {
            curve = series
        } else if let model = try? ModelID(id), let record = await state.book.models[model] {
            curve = record.nav
        } else {
            throw APIError.notFound("no NAV curve \(id)")
        }
        var drawn = curve
        if let text = request.uri.queryParameters["points"] {
            guard let points = Int(String(text)), (3...100_000).contains(points) else { throw APIError.badRequest("points must be an integer from 3 to 100000") }
            drawn = LargestTriangleThreeBuckets.downsample(curve, threshold: points)
        }
        return try JSONResponse.make(NAVBody(model: id, points: drawn.map { [Double($0.timeMilliseconds), $0.equity] }, total: curve.count))
    }

    func page(_ kind: AuditKind, _ request: Request) async throws -> Response {
        let paging = try Paging(request, maxPageSize: config.maxPageSize)
        let page = try await EventQueries(database: try store.forRequest()).page(kind: kind, model: paging.model, before: paging.cursor, limit: paging.limit)
        return JSONResponse.bytes(PageBody.bytes(page))
    }

    func replay(_ id: String) async throws -> Response {
        guard id.utf8.count <= 256 else { throw APIError.badRequest("decision id too long") }
        guard let replay = try await AuditReplay.load(id, database: try store.forRequest()) else { throw APIError.notFound("no decision \(id)") }
        return try JSONResponse.make(replay)
    }

    struct CoverageRow: Encodable { var symbol: String; var bars: Int; var firstMilliseconds: Int64?; var lastMilliseconds: Int64? }
    struct CoverageBody: Encodable { var symbols: [CoverageRow]; var dataAlerts: [Alert] }

    func coverage() async -> CoverageBody {
        let rows = await state.coverage.map { marks in
            CoverageRow(
                symbol: marks.symbol.value, bars: marks.bars, firstMilliseconds: marks.firstOpen.nanoseconds / 1_000_000,
                lastMilliseconds: marks.lastCloseTime.nanoseconds / 1_000_000
            )
        }
        return CoverageBody(symbols: rows, dataAlerts: await state.dataAlerts)
    }
}
