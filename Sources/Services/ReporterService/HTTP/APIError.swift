import Foundation
import Hummingbird

/// A typed API error: an HTTP status, a stable code for programs, and a message for people.
/// Its body is `{"error": {"code": ..., "message": ...}}` whatever went wrong.
public struct APIError: Error, Sendable, Equatable, HTTPResponseError {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    /// Seconds a rate-limited client should wait (the `Retry-After` header).
    public var retryAfter: Int?

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public static func badRequest(_ message: String) -> APIError { APIError(.badRequest, "bad_request", message) }
    public static func notFound(_ message: String) -> APIError { APIError(.notFound, "not_found", message) }
    public static let unauthorized = APIError(.unauthorized, "unauthorized", "a valid token is required (Authorization: Bearer <token>)")
    public static let forbidden = APIError(.forbidden, "forbidden", "this action needs the admin token")
    public static let writesDisabled = APIError(.forbidden, "writes_disabled", "no admin token is configured: write actions are disabled")
    public static func tooLarge(_ limit: Int) -> APIError { APIError(.contentTooLarge, "payload_too_large", "the request body exceeds \(limit) bytes") }
    public static func rateLimited(retryAfter seconds: Double) -> APIError {
        var error = APIError(.tooManyRequests, "rate_limited", "too many requests; retry in \(Int(seconds.rounded(.up))) s")
        error.retryAfter = max(1, Int(seconds.rounded(.up)))
        return error
    }
    public static func unavailable(_ message: String) -> APIError { APIError(.serviceUnavailable, "unavailable", message) }

    struct Body: Encodable {
        struct Detail: Encodable { var code: String; var message: String }
        var error: Detail
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let retryAfter { headers[.retryAfter] = "\(retryAfter)" }
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        let body = (try? CanonicalJSON.encode(Body(error: .init(code: code, message: message)))) ?? Array("{}".utf8)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// JSON responses with sorted keys.
enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        bytes(try CanonicalJSON.encode(value), status: status)
    }

    static func bytes(_ bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
