import ArenaCore
import Hummingbird

/// The paging parameters of a list endpoint: `limit` (1…max, default 50), `cursor` (the
/// `next_cursor` of the previous page) and an optional `model` filter. Anything else in them is a
/// 400 with the parameter named.
struct Paging {
    var limit: Int
    var cursor: Int64?
    var model: String?

    init(_ request: Request, maxPageSize: Int) throws {
        let query = request.uri.queryParameters
        if let text = query["limit"] {
            guard let value = Int(String(text)), (1...maxPageSize).contains(value) else {
                throw APIError.badRequest("limit must be an integer from 1 to \(maxPageSize)")
            }
            limit = value
        } else {
            limit = min(50, maxPageSize)
        }
        if let text = query["cursor"] {
            guard let value = Int64(String(text)), value > 0 else { throw APIError.badRequest("cursor must be a next_cursor from a previous page") }
            cursor = value
        }
        if let text = query["model"] {
            guard (try? ModelID(String(text))) != nil else { throw APIError.badRequest("model is not a valid model id") }
            model = String(text)
        }
    }
}

/// `{"items": [...], "next_cursor": "…" | null}` built from stored JSON bodies as they are.
enum PageBody {
    static func bytes(_ page: EventPage) -> [UInt8] {
        var out = Array(#"{"items":["#.utf8)
        for (index, event) in page.events.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out += event.body
        }
        out += Array(#"],"next_cursor":"#.utf8)
        out += page.nextCursor.map { Array("\"\($0)\"".utf8) } ?? Array("null".utf8)
        out.append(UInt8(ascii: "}"))
        return out
    }
}
