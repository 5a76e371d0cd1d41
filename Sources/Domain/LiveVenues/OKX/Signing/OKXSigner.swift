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

    /// `OK-ACCESS-TIMESTAMP` for `milliseconds` since the epoch: `yyyy-MM-ddTHH:mm:ss.SSSZ`, UTC.
    public static func timestamp(milliseconds: Int64) -> String {
        let ms = Int(milliseconds % 1_000 + 1_000) % 1_000
        let seconds = (milliseconds - Int64(ms)) / 1_000
        let days = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let secondOfDay = Int(seconds - Int64(days) * 86_400)
        // Days to civil date (H. Hinnant's algorithm), proleptic Gregorian.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", year, month, day, secondOfDay / 3_600, secondOfDay / 60 % 60, secondOfDay % 60, ms
        )
    }
}
