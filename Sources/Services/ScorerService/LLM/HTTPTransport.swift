import Agents
import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// The agents' transport: AsyncHTTPClient on the scorer's event loops, never
/// blocking a thread while a provider thinks.
public struct HTTPTransport: LLMTransport {
    let http: HTTPClient
    /// The largest reply read: providers answer with a few kilobytes.
    static let maxBody = 4 << 20

    /// The process's client for LLM calls. AsyncHTTPClient's default pool opens 8 connections per host and
    /// queues the rest: 20 agents on one provider would wait in three waves of the provider's think time and
    /// miss the round's deadline. A scorer holds up to `scorer.capacity` jobs (at most 10,000), each of up to
    /// 9 samples, all of which may call one provider at once.
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 256)
        // Lives as long as the process, like HTTPClient.shared (never shut down, never deallocated).
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    public init(http: HTTPClient? = nil) { self.http = http ?? Self.client }

    public func send(_ request: HTTPRequestSpec, timeout: Duration) async throws(ProviderError) -> HTTPResponseSpec {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for field in request.headers { outgoing.headers.add(name: field.name, value: field.value) }
        outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        let nanos = max(1, timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000)
        do {
            let response = try await http.execute(outgoing, timeout: .nanoseconds(nanos))
            let body = try await response.body.collect(upTo: Self.maxBody)
            return HTTPResponseSpec(
                status: Int(response.status.code), headers: response.headers.map { HTTPHeaderField($0.name, $0.value) }, body: Array(body.readableBytesView)
            )
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            throw .timedOut
        } catch is CancellationError {
            throw .timedOut
        } catch {
            // AsyncHTTPClient's errors name the host at most; headers (the key) never appear in them.
            throw .transport("\(error)")
        }
    }
}
