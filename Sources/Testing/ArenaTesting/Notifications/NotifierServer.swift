import Foundation
import HTTPTypes
import HummingbirdCore
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// The HTTP server under a fake notifier: Hummingbird on 127.0.0.1, reporting the port it bound,
/// and able to hold requests unanswered (``FakeNotifierAnswer/hang``) until shutdown.
final class NotifierServer: Sendable {
    /// The bound port.
    let port: Int
    private let held: HeldRequests
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    /// Starts serving `router` and returns once listening; `server` may add WebSocket upgrades (the fake Binance's streams).
    init(port: Int, label: String, held: HeldRequests, router: Router<BasicRequestContext>, server: HTTPServerBuilder = .http1()) async throws {
        let (ports, portOut) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: label)
        logger.logLevel = .warning
        let app = Application(
            router: router,
            server: server,
            configuration: .init(address: .hostname("127.0.0.1", port: port)),
            onServerRunning: { channel in portOut.yield(channel.localAddress?.port ?? 0) },
            logger: logger
        )
        // In a service group, so that shutdown is graceful: answers in flight are finished, not cut.
        let group = ServiceGroup(configuration: .init(services: [.init(service: app)], gracefulShutdownSignals: [], logger: logger))
        let task = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        guard let bound = await iterator.next(), bound > 0 else {
            task.cancel()
            throw NotifierServerError(description: "\(label) did not start listening on 127.0.0.1:\(port)")
        }
        self.port = bound
        self.held = held
        self.group = group
        self.task = task
    }

    /// Stops serving: held requests are let go unanswered, then the server stops (cut off after
    /// five seconds if a client keeps a request open).
    func shutdown() async {
        held.releaseAll()
        await group.triggerGracefulShutdown()
        let task = self.task
        let watchdog = Task {
            try await Task.sleep(for: .seconds(5))
            task.cancel()
        }
        _ = try? await task.value
        watchdog.cancel()
    }
}

/// A fake notifier could not bind its port.
struct NotifierServerError: Error, CustomStringConvertible {
    var description: String
}

/// Requests parked by ``FakeNotifierAnswer/hang``: continuations resumed at shutdown or when
/// the handler's task is cancelled (the connection goes away with the server).
final class HeldRequests: Sendable {
    private struct State {
        var parked: [Int: CheckedContinuation<Void, Never>] = [:]
        var next = 0
        var closed = false
    }

    private let state = Mutex(State())

    /// How many requests are parked now.
    var count: Int { state.withLock { $0.parked.count } }

    /// Suspends (never blocking a thread) until ``releaseAll()`` or cancellation, then throws so
    /// that no answer is written.
    func hold() async throws {
        let id = state.withLock { s -> Int in
            s.next += 1
            return s.next
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                // Cancelled or closed before parking: the cancellation handler found nothing to resume.
                let now = state.withLock { s -> Bool in
                    if s.closed || Task.isCancelled { return true }
                    s.parked[id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.parked.removeValue(forKey: id) }?.resume()
        }
        throw CancellationError()
    }

    /// Lets every parked request go, and any later one at once.
    func releaseAll() {
        let parked = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.closed = true
            defer { s.parked = [:] }
            return Array(s.parked.values)
        }
        for continuation in parked { continuation.resume() }
    }
}

extension Response {
    /// A JSON response (keys sorted, so bodies are stable for tests).
    static func json(_ status: Int, _ value: JSONValue, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json"
        return Response(
            status: HTTPResponse.Status(code: status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: value.encoded()))
        )
    }

    /// An empty response with this status (Discord's 204).
    static func empty(_ status: Int, headers: HTTPFields = [:]) -> Response {
        Response(status: HTTPResponse.Status(code: status), headers: headers)
    }
}

/// The reason phrase of a status, for provider-like error bodies (`HTTPResponse.Status(code:)` has none).
func reasonPhrase(_ status: Int) -> String {
    switch status {
    case 400: "Bad Request"
    case 401: "Unauthorized"
    case 403: "Forbidden"
    case 404: "Not Found"
    case 429: "Too Many Requests"
    case 500: "Internal Server Error"
    case 502: "Bad Gateway"
    case 503: "Service Unavailable"
    case 504: "Gateway Timeout"
    default: "Error"
    }
}

extension HTTPFields {
    /// Sets a header by its name (names used here are all valid tokens).
    mutating func set(_ name: String, _ value: String) {
        guard let field = HTTPField.Name(name) else { return }
        self[field] = value
    }
}

/// A mutex on the heap, so that route handlers can capture a fake's state.
final class Locked<Value>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: sending Value) {
        mutex = Mutex(value)
    }

    func withLock<Result>(_ body: (inout sending Value) -> sending Result) -> sending Result {
        mutex.withLock(body)
    }
}
