import Analytics
import ArenaRuntime
import ArenaStore
import Foundation
import Hummingbird

/// The stored reports: `GET /api/reports` lists the periods reported, newest first, with the links
/// of the arena's report in each format; `GET /reports/{period}/{start}/{scope}.{html|md|json}` serves
/// one (the arena's, or one model's: `scope` is `arena` or a model id).
struct ReportRoutes {
    let store: StoreHandle
    let config: ReporterConfig

    struct Listed: Encodable { var period: String; var start: String; var title: String; var links: [String: String] }
    struct Listing: Encodable { var reports: [Listed] }

    func register(on router: Router<ReporterContext>) {
        router.get("api/reports") { request, _ in
            let limit = try Paging(request, maxPageSize: config.maxPageSize).limit
            let listed = try await reports().list(limit: limit).map { period, start in
                let label = ReportPeriod.label(start)
                let links = Dictionary(uniqueKeysWithValues: ReportStore.formats.map { ($0.name, "/reports/\(period.rawValue)/\(label)/arena.\($0.name)") })
                return Listed(period: period.rawValue, start: label, title: "\(period.rawValue) report \(label)", links: links)
            }
            return try JSONResponse.make(Listing(reports: listed))
        }
        router.get("reports/:period/:start/:file") { _, context in
            let period = try context.parameters.decoded("period"), start = try context.parameters.decoded("start")
            let file = try context.parameters.decoded("file")
            guard let kind = ReportPeriod(rawValue: period) else { throw APIError.notFound("no report period \(period)") }
            guard let startMilliseconds = Self.parse(day: start) else { throw APIError.badRequest("start must be a date YYYY-MM-DD") }
            guard let dot = file.lastIndex(of: "."), let format = ReportStore.formats.first(where: { $0.name == file[file.index(after: dot)...] }) else {
                throw APIError.notFound("a report is arena.html, arena.md, arena.json or <model>.<format>")
            }
            let scope = String(file[..<dot])
            guard let body = try await reports().body(period: kind, start: startMilliseconds, scope: scope, format: format.name) else {
                throw APIError.notFound("no \(period) report from \(start) for \(scope)")
            }
            return Response(status: .ok, headers: [.contentType: format.contentType], body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
        }
    }

    func reports() async throws -> ReportStore {
        ReportStore(database: try store.forRequest())
    }

    /// `2023-04-01` as ms since the epoch (UTC midnight); nil when it is not a date the arena can
    /// hold (market time is nanoseconds in 64 bits: 1970 to 2262).
    static func parse(day: String) -> Int64? {
        let parts = day.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int64(parts[0]), let month = Int64(parts[1]), let dayOfMonth = Int64(parts[2]),
              (1970...2261).contains(year), (1...12).contains(month), (1...31).contains(dayOfMonth)
        else { return nil }
        let start = ReportPeriod.startOfDay(year: year, month: month, day: dayOfMonth)
        return ReportPeriod.label(start) == day ? start : nil
    }
}
