import Hummingbird
import Foundation
import NIOCore

/// Who a request speaks for.
public enum AccessRole: Int, Sendable, Comparable, Codable {
    case anonymous, viewer, admin
    public static func < (lhs: AccessRole, rhs: AccessRole) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The request context of the dashboard and API: the client's address (rate limits without a
/// token) and the role its token grants (set by ``AccessMiddleware``).
public struct ReporterContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    public var role: AccessRole = .anonymous
    /// The token's fingerprint (never the token), for the audit log.
    public var principal = "anonymous"

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}

extension Parameters {
    /// The path parameter `name`, percent-decoded (`alpha%40…` is `alpha@…`); a 400 when it does not decode.
    func decoded(_ name: String) throws -> String {
        let raw = try require(name)
        guard let text = raw.removingPercentEncoding else { throw APIError.badRequest("\(name) is not valid percent-encoding") }
        return text
    }
}
