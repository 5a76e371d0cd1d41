import Crypto
import Foundation
import Hummingbird

/// Tokens, request rates and body sizes, checked before any route runs.
///
/// - A token comes as `Authorization: Bearer <token>`, or for the dashboard in a browser as the
///   `token` query parameter (which sets an `arena_token` cookie) or that cookie.
/// - Reads need the viewer (or admin) token when a viewer token is configured; writes (`POST`)
///   always need the admin token, and are refused outright when none is configured.
/// - `/api/health` and `/api/openapi.json` are open, so probes and tools need no secret.
/// - Tokens are compared in constant time; a request with a wrong token is refused even where
///   none is needed, so a typo is noticed.
struct AccessMiddleware: RouterMiddleware {
    typealias Context = ReporterContext
    let viewerToken: String?
    let adminToken: String?
    let limiter: RateLimiter
    let maxBodyBytes: Int

    static let openPaths: Set<String> = ["/api/health", "/api/openapi.json", "/favicon.ico"]

    func handle(_ request: Request, context: ReporterContext, next: (Request, ReporterContext) async throws -> Response) async throws -> Response {
        var context = context
        let presented = Self.token(in: request)
        if let presented {
            if let adminToken, Self.equal(presented, adminToken) {
                context.role = .admin
            } else if let viewerToken, Self.equal(presented, viewerToken) {
                context.role = .viewer
            } else {
                throw APIError.unauthorized
            }
            context.principal = "\(context.role)#" + Self.fingerprint(presented)
        }
        let client = presented.map { "token:" + Self.fingerprint($0) } ?? "addr:" + (context.remoteAddress?.ipAddress ?? "unknown")
        if let wait = limiter.wait(client) { throw APIError.rateLimited(retryAfter: wait) }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBodyBytes { throw APIError.tooLarge(maxBodyBytes) }
        let path = request.uri.path
        if request.method == .post || request.method == .put || request.method == .delete || request.method == .patch {
            guard adminToken != nil else { throw APIError.writesDisabled }
            guard context.role == .admin else { throw context.role == .anonymous ? APIError.unauthorized : APIError.forbidden }
        } else if viewerToken != nil, context.role < .viewer, !Self.openPaths.contains(path) {
            throw APIError.unauthorized
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as any HTTPResponseError {
            // The router's own errors (no such route, wrong method) in the API's typed form too.
            let code = error.status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "_")
            throw APIError(error.status, code, "\(error.status.code) \(error.status.reasonPhrase): \(request.method) \(path)")
        } catch {
            // Every failure answers with the typed body; the cause goes to the log, not to the client.
            context.logger.error("request failed", metadata: ["path": "\(path)", "error": "\(error)"])
            throw APIError(.internalServerError, "internal", "the request failed; the reporter's log has the cause")
        }
        if let query = request.uri.queryParameters["token"], presented == String(query) {
            response.headers[.setCookie] = "arena_token=\(query); Path=/; HttpOnly; SameSite=Strict"
        }
        return response
    }

    static func token(in request: Request) -> String? {
        if let header = request.headers[.authorization], header.hasPrefix("Bearer ") { return String(header.dropFirst(7)) }
        if let query = request.uri.queryParameters["token"] { return String(query) }
        if let cookies = request.headers[.cookie] {
            for part in cookies.split(separator: ";") {
                let pair = part.trimmingCharacters(in: .whitespaces)
                if pair.hasPrefix("arena_token=") { return String(pair.dropFirst("arena_token=".count)) }
            }
        }
        return nil
    }

    /// Constant-time comparison: the time taken does not reveal how much of a guess was right.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for index in 0..<max(x.count, y.count) {
            difference |= (index < x.count ? x[index] : 0) ^ (index < y.count ? y[index] : 0)
        }
        return difference == 0
    }

    /// The first 8 hex digits of the token's SHA-256: names a client in logs and audit rows without revealing it.
    static func fingerprint(_ token: String) -> String {
        SHA256.hash(data: Array(token.utf8)).prefix(4).map { String(format: "%02x", $0) }.joined()
    }
}
