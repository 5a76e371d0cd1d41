import Crypto
import Foundation

/// Signs Binance `SIGNED` (TRADE and USER_DATA) requests.
///
/// Binance: "Use your `secretKey` as the key and `totalParams` as the value for the HMAC
/// operation", where `totalParams` is the query string concatenated with the request
/// body (no `&` between them), and the signature is hex
/// (developers.binance.com/docs/binance-spot-api-docs/rest-api/request-security; the same
/// rule on USDⓈ-M). The exact bytes signed are the bytes sent, so the query is built once
/// here, in the caller's order, and never re-encoded afterwards.
public struct BinanceSigner: Sendable {
    let credentials: BinanceCredentials

    /// A signer with `credentials`.
    public init(credentials: BinanceCredentials) { self.credentials = credentials }

    /// The lower-case hex HMAC-SHA256 of `totalParams` (query string + body) under the secret.
    public func signature(of totalParams: String) -> String {
        Self.hmacHex(key: credentials.secret, message: Array(totalParams.utf8))
    }

    /// The WebSocket API's HMAC signature: every parameter but `signature`, sorted by name, as
    /// `name=value` joined with `&`, signed like a REST payload
    /// (developers.binance.com/docs/binance-spot-api-docs/websocket-api/request-security).
    public func webSocketSignature(_ parameters: [(String, String)]) -> String {
        signature(of: Self.webSocketPayload(parameters))
    }

    /// The WebSocket API's signature payload: parameters sorted by name, `name=value` joined with `&`.
    public static func webSocketPayload(_ parameters: [(String, String)]) -> String {
        parameters.filter { $0.0 != "signature" }.sorted { $0.0 < $1.0 }.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    /// `parameters` encoded as `a=1&b=2` in their order, with `recvWindow` and `timestamp` appended.
    public static func encode(_ parameters: [(String, String)], recvWindow: Int64?, timestamp: Int64) -> String {
        var all = parameters
        if let recvWindow { all.append(("recvWindow", String(recvWindow))) }
        all.append(("timestamp", String(timestamp)))
        return encode(all)
    }

    /// `parameters` percent-encoded (RFC 3986 unreserved characters kept) and joined with `&`.
    public static func encode(_ parameters: [(String, String)]) -> String {
        parameters.map { "\(percentEncoded($0.0))=\(percentEncoded($0.1))" }.joined(separator: "&")
    }

    /// `query` with `&signature=<hex>` appended, the signature over `query + body`.
    public func signed(query: String, body: String = "") -> (query: String, body: String) {
        let sig = signature(of: query + body)
        if body.isEmpty { return (query.isEmpty ? "signature=\(sig)" : "\(query)&signature=\(sig)", body) }
        return (query, "\(body)&signature=\(sig)")
    }

    /// Lower-case hex HMAC-SHA256 of `message` under `key`.
    static func hmacHex(key: [UInt8], message: [UInt8]) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key))
        return mac.map { String(format: "%02x", $0) }.joined()
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    private static func percentEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }
}
