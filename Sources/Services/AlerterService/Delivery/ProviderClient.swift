import Alerts
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Sends a provider request over HTTP with a deadline, and reads the answer.
///
/// Errors never carry the URL: it holds the webhook's or bot's token.
struct ProviderClient: Sendable {
    let http: HTTPClient
    /// The whole request's deadline: a provider that hangs is a failed attempt.
    let timeout: TimeAmount
    /// The largest answer read (providers answer with a few kilobytes).
    static let maxBody = 1 << 20

    /// A network failure or timeout, described without the URL.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    func send(_ request: ProviderRequest) async throws -> ProviderResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = .POST
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        do {
            let response = try await http.execute(outgoing, timeout: timeout)
            let body = try await response.body.collect(upTo: Self.maxBody)
            return ProviderResponse(
                status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) }, body: Array(body.readableBytesView)
            )
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw Failure(description: Self.redact("\(error)", url: request.url))
        }
    }

    /// `text` without the URL or its path (where the token is).
    static func redact(_ text: String, url: String) -> String {
        var redacted = text.replacingOccurrences(of: url, with: "<url>")
        if let path = URL(string: url)?.path, path.count > 1 { redacted = redacted.replacingOccurrences(of: path, with: "<path>") }
        return redacted
    }
}
