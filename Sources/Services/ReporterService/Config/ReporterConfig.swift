import ArenaRuntime

/// The `reporter` section: where the dashboard and the HTTP API listen, their tokens, and the
/// limits every request is held to.
public struct ReporterConfig: ConfigSection, Equatable {
    public static let key = "reporter"
    public static let whenAbsent: ReporterConfig? = ReporterConfig()

    /// The interface of the dashboard and API (0.0.0.0 in containers).
    public var host: String
    /// Their port (spec §10: 8080); 0 picks a free one.
    public var port: Int
    /// Read access: required on every read when set; absent, reads are open (a local run).
    public var viewerToken: Secret?
    /// Write access (pause, resume, trading states, the kill switch); absent, every write is refused.
    public var adminToken: Secret?
    /// The largest request body accepted, in bytes.
    public var maxBodyBytes: Int
    /// Requests per second per client (its token, or its address without one), and the burst above it.
    public var requestsPerSecond: Double
    public var burst: Int
    /// Points drawn per line in a chart (LTTB downsampling beyond).
    public var chartPoints: Int
    /// The largest page of a list endpoint.
    public var maxPageSize: Int

    public init(
        host: String = "127.0.0.1", port: Int = 8080, viewerToken: Secret? = nil, adminToken: Secret? = nil, maxBodyBytes: Int = 16_384,
        requestsPerSecond: Double = 200, burst: Int = 400, chartPoints: Int = 800, maxPageSize: Int = 500
    ) {
        self.host = host
        self.port = port
        self.viewerToken = viewerToken
        self.adminToken = adminToken
        self.maxBodyBytes = maxBodyBytes
        self.requestsPerSecond = requestsPerSecond
        self.burst = burst
        self.chartPoints = chartPoints
        self.maxPageSize = maxPageSize
    }

    enum CodingKeys: String, CodingKey {
        case host, port, viewerToken = "viewer_token", viewerTokenFile = "viewer_token_file", adminToken = "admin_token"
        case adminTokenFile = "admin_token_file", maxBodyBytes = "max_body_bytes", requestsPerSecond = "requests_per_second", burst
        case chartPoints = "chart_points", maxPageSize = "max_page_size"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ReporterConfig()
        self.init(
            host: try c.decode(.host, default: d.host), port: try c.decode(.port, default: d.port),
            viewerToken: try c.decodeSecret(.viewerToken, file: .viewerTokenFile), adminToken: try c.decodeSecret(.adminToken, file: .adminTokenFile),
            maxBodyBytes: try c.decode(.maxBodyBytes, default: d.maxBodyBytes), requestsPerSecond: try c.decode(.requestsPerSecond, default: d.requestsPerSecond),
            burst: try c.decode(.burst, default: d.burst), chartPoints: try c.decode(.chartPoints, default: d.chartPoints),
            maxPageSize: try c.decode(.maxPageSize, default: d.maxPageSize)
        )
    }

    public func validate(into problems: inout ConfigProblems) {
        if !(0...65_535).contains(port) { problems.add(.invalid(key: "reporter.port", value: "\(port)", reason: "a TCP port is 0–65535")) }
        if maxBodyBytes < 256 { problems.add(.invalid(key: "reporter.max_body_bytes", value: "\(maxBodyBytes)", reason: "at least 256 bytes")) }
        if !(requestsPerSecond > 0) {
            problems.add(.invalid(key: "reporter.requests_per_second", value: "\(requestsPerSecond)", reason: "must be positive"))
        }
        if burst < 1 { problems.add(.invalid(key: "reporter.burst", value: "\(burst)", reason: "at least 1")) }
        if chartPoints < 3 { problems.add(.invalid(key: "reporter.chart_points", value: "\(chartPoints)", reason: "at least 3")) }
        if maxPageSize < 1 { problems.add(.invalid(key: "reporter.max_page_size", value: "\(maxPageSize)", reason: "at least 1")) }
        if let viewerToken, let adminToken, viewerToken.reveal() == adminToken.reveal() {
            problems.add(.invalid(key: "reporter.viewer_token", value: "***", reason: "the viewer and admin tokens must differ"))
        }
        for (key, token) in [("viewer_token", viewerToken), ("admin_token", adminToken)] {
            if let token, token.reveal().count < 16 {
                problems.add(.invalid(key: "reporter.\(key)", value: "***", reason: "a token needs at least 16 characters"))
            }
        }
    }
}
