import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// One answer of a venue's REST API, read whole.
struct VenueHTTPAnswer: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: Data
}

/// Why a request got no answer, as far as an order it carried is concerned.
enum VenueTransportFailure: Error, Sendable {
    /// No answer within the deadline: the venue may have processed the request.
    case timedOut
    /// The connection failed; `mayHaveBeenSent` is false only when it never opened.
    case failed(String, mayHaveBeenSent: Bool)
}

/// Sending a venue request with AsyncHTTPClient (never blocking a thread), shared by the venues' clients.
enum VenueHTTP {
    /// Sends `request` and reads the whole answer (at most 16 MiB) within `timeout`.
    static func execute(
        _ request: HTTPClientRequest, on http: HTTPClient, timeout: Duration, logger: Logger
    ) async throws(VenueTransportFailure) -> VenueHTTPAnswer {
        do {
            let response = try await http.execute(request, timeout: .milliseconds(timeout.wholeMilliseconds), logger: logger)
            let bytes = try await response.body.collect(upTo: 16 << 20)
            return VenueHTTPAnswer(status: Int(response.status.code), headers: response.headers, body: Data(bytes.readableBytesView))
        } catch {
            throw classify(error)
        }
    }

    /// A thrown transport error as a failure: a deadline leaves the outcome unknown; a connection
    /// that never opened sent nothing.
    static func classify(_ error: any Error) -> VenueTransportFailure {
        if let e = error as? HTTPClientError {
            if e == .deadlineExceeded || e == .readTimeout { return .timedOut }
            if e == .connectTimeout || e == .invalidURL { return .failed("\(e)", mayHaveBeenSent: false) }
        }
        if error is NIOConnectionError { return .failed("\(error)", mayHaveBeenSent: false) }
        return .failed("\(error)", mayHaveBeenSent: true)
    }
}
