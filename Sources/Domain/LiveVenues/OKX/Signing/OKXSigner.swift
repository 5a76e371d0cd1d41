import ArenaCore
import Crypto
import Foundation

/// Signs OKX v5 private REST requests and the private WebSocket login.
///
/// OKX (www.okx.com/docs-v5/en/#overview-rest-authentication): "The `OK-ACCESS-SIGN` header is
/// generated as follows: create a prehash string of timestamp + method + requestPath + body
/// (where + represents String concatenation), prepare the SecretKey, sign the prehash string with
/// the SecretKey using the HMAC SHA256, encode the signature in the Base64 format", where the
/// timestamp is the `OK-ACCESS-TIMESTAMP` header (ISO 8601 with milliseconds, UTC, e.g.
/// `2020-12-08T09:08:57.715Z`), the method is upper case, a GET's query is part of requestPath,
/// and the body is the exact JSON text sent (empty for a GET). The WebSocket login signs
/// timestamp (Unix seconds) + `GET` + `/users/self/verify` the same way
/// (…/docs-v5/en/#overview-websocket-login).
public struct OKXSigner: Sendable {
    let credentials: OKXCredentials

    /// A signer with `credentials`.
    public init(credentials: OKXCredentials) { self.credentials = credentials }

    /// The string the signature is computed over.
    public static func prehash(timestamp: String, method: String, requestPath: String, body: String) -> String {
        timestamp + method.uppercased() + requestPath + body
    }

    /// `OK-ACCESS-SIGN` for one request: `requestPath` includes `?query` for a GET.
    public func signature(timestamp: String, method: String, requestPath: String, body: String) -> String {
        Self.hmacBase64(key: credentials.secret, message: Self.prehash(timestamp: timestamp, method: method, requestPath: requestPath, body: body))
    }

    /// The four authentication headers (`OK-ACCESS-KEY`, `-SIGN`, `-TIMESTAMP`, `-PASSPHRASE`).
    public func headers(timestamp: String, method: String, requestPath: String, body: String) -> [(String, String)] {
        [
            ("OK-ACCESS-KEY", credentials.apiKey),
            ("OK-ACCESS-SIGN", signature(timestamp: timestamp, method: method, requestPath: requestPath, body: body)),
            ("OK-ACCESS-TIMESTAMP", timestamp),
            ("OK-ACCESS-PASSPHRASE", credentials.passphrase),
        ]
    }

    /// The private WebSocket's login message at `unixSeconds`.
    public func loginMessage(unixSeconds: Int64) -> String {
        let timestamp = String(unixSeconds)
        let sign = Self.hmacBase64(key: credentials.secret, message: timestamp + "GET" + "/users/self/verify")
        // Every value is an API key, a passphrase, digits or Base64; still escaped, as JSON requires.
        return #"{"op":"login","args":[{"apiKey":"# + Self.jsonString(credentials.apiKey) + #","passphrase":"#
            + Self.jsonString(credentials.passphrase) + #","timestamp":""# + timestamp + #"","sign":""# + sign + #""}]}"#
    }

    /// Base64 of HMAC-SHA256(`key`, `message`).
    static func hmacBase64(key: [UInt8], message: String) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: Array(message.utf8), using: SymmetricKey(data: key))).base64EncodedString()
    }

    /// `text` as a JSON string literal, quotes included.
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// `OK-ACCESS-TIMESTAMP` for `milliseconds` since the epoch: `yyyy-MM-ddTHH:mm:ss.SSSZ`, UTC
    /// (``Timestamp``'s own rendering).
    public static func timestamp(milliseconds: Int64) -> String { Timestamp(milliseconds: milliseconds).description }
}
