import ArenaBus
import ArenaCore
import ArenaRuntime
import ArenaStore
import Foundation
import Hummingbird
import Logging

/// The write side of the API: an operator's controls, sent to the risk guard as
/// ``ArenaCore/TradingControl`` requests (which the guard journals and applies), each recorded in
/// the audit log with who asked (the token's fingerprint), from where, and the guard's answer.
///
/// - `POST /api/admin/models/{id}/pause`: the model stops opening positions (HALTED; exits pass).
/// - `POST /api/admin/models/{id}/resume`: back to ACTIVE.
/// - `POST /api/admin/models/{id}/state` with `{"state": "ACTIVE|REDUCING|HALTED"}`.
/// - `POST /api/admin/models/{id}/flatten`: close its positions and halt it.
/// - `POST /api/admin/kill`: the kill switch: flatten every model and halt the arena.
///
/// Every body is optional JSON `{"reason": "...", "state": "..."}`; unknown fields are refused.
struct AdminRoutes {
    let controls: any RequestClient
    let store: StoreHandle
    let config: ReporterConfig
    let logger: Logger

    struct Body: Decodable {
        var reason: String?
        var state: TradingState?
    }

    struct ActionRecord: Encodable {
        var request: TradingControl
        var principal: String
        var remoteAddress: String?
        var reply: TradingControlReply?
        var error: String?
    }

    func register(on router: Router<ReporterContext>) {
        let admin = router.group("api/admin")
        admin.post("models/:id/pause") { request, context in
            try await act(request, context, .setState, model: try modelID(context), state: .halted, defaultReason: "paused by an operator")
        }
        admin.post("models/:id/resume") { request, context in
            try await act(request, context, .setState, model: try modelID(context), state: .active, defaultReason: "resumed by an operator")
        }
        admin.post("models/:id/state") { request, context in
            try await act(request, context, .setState, model: try modelID(context), state: nil, defaultReason: "set by an operator")
        }
        admin.post("models/:id/flatten") { request, context in
            try await act(request, context, .flatten, model: try modelID(context), state: nil, defaultReason: "flattened by an operator")
        }
        admin.post("kill") { request, context in
            try await act(request, context, .killSwitch, model: nil, state: nil, defaultReason: "kill switch from the dashboard API")
        }
    }

    func modelID(_ context: ReporterContext) throws -> ModelID {
        let text = try context.parameters.decoded("id")
        guard let id = try? ModelID(text) else { throw APIError.badRequest("'\(text.prefix(64))' is not a valid model id") }
        return id
    }

    func act(
        _ request: Request, _ context: ReporterContext, _ command: TradingControl.Command, model: ModelID?, state: TradingState?,
        defaultReason: String
    ) async throws -> Response {
        let body = try await Self.body(request, limit: config.maxBodyBytes)
        // No action without its audit row: refused while the store is not open.
        let database = try store.forRequest()
        if command == .setState, state == nil, body.state == nil { throw APIError.badRequest("state is required: ACTIVE, REDUCING or HALTED") }
        let reason = body.reason ?? defaultReason
        guard reason.utf8.count <= 500 else { throw APIError.badRequest("reason is longer than 500 bytes") }
        let control = TradingControl(
            requestID: "api-\(UUID().uuidString.lowercased())", command: command, modelID: model, state: state ?? body.state,
            operatorName: context.principal, reason: reason
        )
        var record = ActionRecord(request: control, principal: context.principal, remoteAddress: context.remoteAddress?.ipAddress)
        do {
            record.reply = try await controls.request(control, expecting: TradingControlReply.self)
        } catch {
            record.error = "\(error)"
        }
        try await AuditLog(database: database).append(kind: .operatorAction, ref: record.request.requestID, body: try CanonicalJSON.encode(record))
        logger.notice("operator action", metadata: [
            "command": "\(command.rawValue)", "model": "\(model?.value ?? "arena")", "principal": "\(context.principal)",
            "applied": "\(record.reply?.applied ?? false)",
        ])
        guard let reply = record.reply else { throw APIError.unavailable("the risk guard did not answer: \(record.error ?? "unknown")") }
        return try JSONResponse.make(reply, status: reply.applied ? .ok : .conflict)
    }

    /// The request's JSON body (empty is `{}`), within the size limit, with no unknown field.
    static func body(_ request: Request, limit: Int) async throws -> Body {
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: limit) } catch { throw APIError.tooLarge(limit) }
        guard buffer.readableBytes > 0 else { return Body() }
        let data = Data(buffer.readableBytesView)
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw APIError.badRequest("the body must be a JSON object")
        }
        let unknown = Set(object.keys).subtracting(["reason", "state"])
        guard unknown.isEmpty else { throw APIError.badRequest("unknown field(s): \(unknown.sorted().joined(separator: ", "))") }
        do { return try JSONDecoder().decode(Body.self, from: data) } catch {
            throw APIError.badRequest("reason must be a string and state one of ACTIVE, REDUCING, HALTED")
        }
    }
}
