import Foundation
import Hummingbird

/// The three operational endpoints every service serves.
///
/// - `GET /healthz`: liveness. 200 while the process can answer at all; an
///   orchestrator restarts the process when this fails.
/// - `GET /readyz`: readiness. 200 when every check in the
///   ``ReadinessRegistry`` passes, else 503 with the failing checks, so that
///   traffic and dependants wait without restarting anything.
/// - `GET /metrics`: the Prometheus registry in text format 0.0.4.
enum HealthRoutes {
    /// The body of `/healthz`.
    struct Liveness: Codable, Equatable {
        var status: String
        var service: String
    }

    /// The body of `/readyz`.
    struct Readiness: Codable, Equatable {
        var status: String
        var service: String
        var failing: [ReadinessCheckStatus]
        var checks: [ReadinessCheckStatus]
    }

    static func router(service: String, readiness: ReadinessRegistry, metrics: ArenaMetrics) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("healthz") { _, _ in
            json(Liveness(status: "alive", service: service), status: .ok)
        }
        router.get("readyz") { _, _ in
            let report = readiness.report()
            let body = Readiness(
                status: report.isReady ? "ready" : "not_ready", service: service, failing: report.failing, checks: report.checks
            )
            return json(body, status: report.isReady ? .ok : .serviceUnavailable)
        }
        router.get("metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: ArenaMetrics.contentType],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.render()))
            )
        }
        return router
    }

    /// A JSON response with sorted keys, so bodies are stable for scripts and tests.
    private static func json(_ value: some Encodable, status: HTTPResponse.Status) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let bytes: [UInt8]
        do {
            bytes = Array(try encoder.encode(value))
        } catch {
            // These bodies are plain strings and arrays; encoding them cannot fail,
            // but if it ever did the client should see a server error, not a crash.
            return Response(status: .internalServerError)
        }
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }
}
