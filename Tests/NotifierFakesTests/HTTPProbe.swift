import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing

/// One answer, read whole.
struct Reply {
    var status: Int
    var headers: HTTPHeaders
    var body: [UInt8]
    var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as a JSON object.
    func json() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any], "not a JSON object: \(text.prefix(300))")
    }

    /// The one value of header `name`.
    func header(_ name: String) -> String? { headers.first(name: name) }
}

/// A real HTTP client for one test: requests as an alerter would send them.
struct Probe {
    let client: HTTPClient

    /// Sends `body` to `url` (JSON unless told otherwise); a request left unanswered throws after `timeout`.
    func send(
        _ url: String, body: String?, contentType: String? = "application/json", method: HTTPMethod = .POST, timeout: TimeAmount = .seconds(20)
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await client.execute(request, timeout: timeout)
        let collected = try await response.body.collect(upTo: 16 << 20)
        return Reply(status: Int(response.status.code), headers: response.headers, body: Array(collected.readableBytesView))
    }

    /// Sends a JSON object built from `object`.
    func post(_ url: String, json object: Any, timeout: TimeAmount = .seconds(20)) async throws -> Reply {
        let data = try JSONSerialization.data(withJSONObject: object)
        return try await send(url, body: String(decoding: data, as: UTF8.self), timeout: timeout)
    }
}

/// Runs `body` with `fake` and a fresh client, then shuts both down (also when `body` throws).
func withFake<Fake>(_ fake: Fake, shutdown: (Fake) async -> Void, _ body: (Fake, Probe) async throws -> Void) async throws {
    let client = HTTPClient()
    do {
        try await body(fake, Probe(client: client))
    } catch {
        try? await client.shutdown()
        await shutdown(fake)
        throw error
    }
    try await client.shutdown()
    await shutdown(fake)
}

/// A path into nested JSON (`"errors.embeds.0.title._errors"`): objects by key, arrays by index.
func value(_ json: Any, _ path: String) -> Any? {
    path.split(separator: ".").reduce(Optional(json)) { current, key in
        if let object = current as? [String: Any] { return object[String(key)] }
        if let array = current as? [Any], let index = Int(key), array.indices.contains(index) { return array[index] }
        return nil
    }
}

/// Waits (polling) until `condition` holds; a loaded machine may take its time, so the bound is generous.
func eventually(within timeout: Duration = .seconds(20), _ condition: () -> Bool) async throws {
    let clock = ContinuousClock(), deadline = clock.now.advanced(by: timeout)
    while !condition() {
        try #require(clock.now < deadline, "condition not met within \(timeout)")
        try await Task.sleep(for: .milliseconds(10))
    }
}
