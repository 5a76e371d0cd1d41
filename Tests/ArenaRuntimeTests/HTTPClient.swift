import Foundation
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A plain HTTP GET over a real loopback connection, for the health endpoint tests.
struct HTTPResult {
    var status: Int
    var contentType: String?
    var body: String

    /// The body parsed as a JSON object.
    func json() throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(body.utf8))
        guard let dictionary = object as? [String: Any] else { throw URLError(.cannotParseResponse) }
        return dictionary
    }
}

enum HTTPClient {
    /// A session that never uses a proxy from the environment: these requests go to 127.0.0.1 only.
    private static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.connectionProxyDictionary = [:]
        configuration.timeoutIntervalForRequest = 10
        return URLSession(configuration: configuration)
    }()

    static func get(port: Int, path: String) async throws -> HTTPResult {
        let url = try #require(URL(string: "http://127.0.0.1:\(port)\(path)"))
        let (data, response) = try await session.data(from: url)
        let http = try #require(response as? HTTPURLResponse)
        return HTTPResult(
            status: http.statusCode, contentType: http.value(forHTTPHeaderField: "Content-Type"),
            body: String(decoding: data, as: UTF8.self)
        )
    }
}
