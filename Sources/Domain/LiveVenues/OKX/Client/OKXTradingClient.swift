import ArenaCore
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// The OKX v5 REST trading layer for one account (ADR 0020, "OKX").
///
/// - Every private request is signed (``OKXSigner``) with `OK-ACCESS-TIMESTAMP` in the server's
///   time (``ServerClock``, measured from `GET /api/v5/public/time` at the first private call and
///   every `resyncInterval`); demo trading adds `x-simulated-trading: 1`.
/// - An order is fitted to its instrument's rules from ``loadInstruments(_:)`` before it is sent;
///   an instrument without rules is refused (fail closed).
/// - A placement carries `expTime` (timestamp + `placementValidity`): the venue refuses it if it
///   arrives later, so once that time has passed on the server's clock a client order id the
///   venue does not know was never placed.
/// - After a rate-limit answer (HTTP 429, 50011, 50061) nothing is sent until the pause passes.
/// - Every failure says what it means for the order (``OKXVenueError/outcome``); an unknown
///   outcome is resolved by ``resolveUnknown(clientOrderID:)``, which queries and never re-places.
///
/// Nothing here blocks a thread: waits are `Task.sleep`, I/O is AsyncHTTPClient.
public actor OKXTradingClient {
    /// How the client behaves; the defaults suit demo trading.
    public struct Configuration: Sendable {
        /// The longest wait for an answer; past it the outcome is unknown.
        public var requestTimeout: Duration = .seconds(10)
        /// Whether timestamps are corrected by the measured server-time offset, and how often it is measured.
        public var skewCorrection = true
        public var resyncInterval: Duration = .seconds(300)
        /// How long after its timestamp a placement may still be accepted (`expTime`).
        public var placementValidity: Duration = .seconds(5)
        /// How often ``OKXTradingClient/resolveUnknown(clientOrderID:)`` queries, and for how long before it gives up.
        public var resolvePollInterval: Duration = .milliseconds(250)
        public var resolveDeadline: Duration = .seconds(60)
        /// How long nothing is sent after a rate-limit answer without `Retry-After`
        /// (OKX's order limits are counted over 2 s windows).
        public var rateLimitPause: Duration = .seconds(2)
        /// The local wall clock in milliseconds since the epoch (a test may shift it).
        public var localMilliseconds: @Sendable () -> Int64 = { WallClock().now().milliseconds }

        public init() {}
    }

    /// Where a placement whose outcome is not yet known went, and until when the venue could accept it.
    struct PendingPlacement: Sendable {
        var instrumentID: Symbol
        /// `expTime` in the server's milliseconds.
        var expiresAt: Int64
    }

    public let environment: OKXEnvironment
    let configuration: Configuration
    private let signer: OKXSigner
    private let http: HTTPClient
    let logger: Logger
    /// The measured server-time offset.
    public private(set) var serverClock: ServerClock
    /// Nothing is sent before this pause passes.
    public private(set) var pause = SendingPause()
    /// The rules of every instrument from the last ``loadInstruments(_:)``.
    public private(set) var instruments: [Symbol: OKXInstrumentRules] = [:]
    /// Placements sent and not yet settled, by client order id.
    var pendingPlacements: [ClientOrderID: PendingPlacement] = [:]

    /// A client for `environment` (use ``OKXEnvironment/demo()`` unless production is configured explicitly).
    public init(
        environment: OKXEnvironment, credentials: OKXCredentials, configuration: Configuration = Configuration(),
        http: HTTPClient = .shared, logger: Logger = Logger(label: "arena.venues.okx")
    ) {
        self.environment = environment
        self.configuration = configuration
        signer = OKXSigner(credentials: credentials)
        self.http = http
        self.logger = logger
        serverClock = ServerClock(resyncInterval: configuration.resyncInterval, correctionEnabled: configuration.skewCorrection)
        logger.info("okx trading client", metadata: ["venue": "\(environment)", "key": "\(credentials.redactedKey)"])
    }

    /// Measures the server-time offset now (also done before the first private request and every `resyncInterval`).
    public func synchronizeTime() async throws(OKXVenueError) {
        let sent = configuration.localMilliseconds()
        let data = try await send(.GET, "/api/v5/public/time", signed: false)
        let received = configuration.localMilliseconds()
        struct Time: Decodable { var ts: String }
        guard let ts = try decode([Time].self, data).first.flatMap({ Int64($0.ts) }) else { throw .decoding("public/time without ts") }
        serverClock.record(serverTime: ts, sentAt: sent, receivedAt: received)
        logger.debug("server time measured", metadata: ["offsetMs": "\(serverClock.offsetMilliseconds)", "roundTripMs": "\(received - sent)"])
    }

    /// Loads the rules of every instrument of `types` and keeps them for the checks before sending.
    @discardableResult
    public func loadInstruments(_ types: [OKXInstrumentType] = [.spot, .swap]) async throws(OKXVenueError) -> [Symbol: OKXInstrumentRules] {
        for type in types {
            let envelope = try await send(.GET, "/api/v5/public/instruments", query: [("instType", type.rawValue)], signed: false, envelope: true)
            let rules: [Symbol: OKXInstrumentRules]
            do { rules = try OKXInstrumentRules.parse(instruments: envelope) } catch { throw .decoding("instruments: \(error)") }
            instruments = instruments.filter { $0.value.type != type }.merging(rules) { _, new in new }
        }
        return instruments
    }

    /// Sends one request and returns the answer's `data` array as JSON (or the whole body with
    /// `envelope`). A private request is stamped and signed here; `placement` is recorded until settled.
    func send(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: String? = nil, signed: Bool,
        placement: (ClientOrderID, Symbol)? = nil, envelope: Bool = false
    ) async throws(OKXVenueError) -> Data {
        if let remaining = pause.remaining(now: .now) { throw .rateLimitedLocally(remaining: remaining) }
        let requestPath = path + (query.isEmpty ? "" : "?" + Self.encode(query))
        var request = HTTPClientRequest(url: environment.restBaseURL + requestPath)
        request.method = method
        if signed {
            if serverClock.needsMeasurement(now: configuration.localMilliseconds()) { try await synchronizeTime() }
            let now = serverClock.timestamp(now: configuration.localMilliseconds())
            for (name, value) in signer.headers(timestamp: OKXSigner.timestamp(milliseconds: now), method: method.rawValue, requestPath: requestPath, body: body ?? "") {
                request.headers.add(name: name, value: value)
            }
            if let (id, instrument) = placement {
                let expires = now + configuration.placementValidity.wholeMilliseconds
                pendingPlacements[id] = PendingPlacement(instrumentID: instrument, expiresAt: expires)
                request.headers.add(name: "expTime", value: String(expires))
            }
        }
        if environment.simulatedTrading { request.headers.add(name: "x-simulated-trading", value: "1") }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let answer: VenueHTTPAnswer
        do {
            answer = try await VenueHTTP.execute(request, on: http, timeout: configuration.requestTimeout, logger: logger)
        } catch {
            switch error {
            case .timedOut: throw .timedOut
            case .failed(let reason, let sent): throw .transport(reason, mayHaveBeenSent: sent)
            }
        }
        logger.debug("okx request", metadata: ["method": "\(method.rawValue)", "path": "\(path)", "status": "\(answer.status)"])
        return try await settle(status: answer.status, headers: answer.headers, data: answer.body, envelope: envelope)
    }

    /// The `data` of a successful answer; otherwise the typed error, after its side effects: a
    /// rate-limit answer pauses sending, a timestamp error has the server time measured again.
    private func settle(status: Int, headers: HTTPHeaders, data: Data, envelope: Bool) async throws(OKXVenueError) -> Data {
        struct Item: Decodable { var sCode: String?; var sMsg: String? }
        struct Status: Decodable { var code: String; var msg: String?; var data: [Item]? }
        let parsed = try? JSONDecoder().decode(Status.self, from: data)
        // The detail of a one-order answer is its `sCode`; the envelope's code says only "failed".
        let detail = parsed?.data?.first.flatMap { $0.sCode.flatMap { $0.isEmpty || $0 == "0" ? nil : $0 } }
        let code = detail ?? parsed?.code
        let limited = status == 429 || code == "50011" || code == "50061"
        if limited {
            let retryAfter = headers.first(name: "Retry-After").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }.map { Duration.seconds($0) }
            pause.pause(for: retryAfter ?? configuration.rateLimitPause, now: .now)
        }
        if (200..<300).contains(status), parsed?.code == "0", detail == nil {
            if envelope { return data }
            return Self.dataArray(data)
        }
        guard let parsed, let code else {
            throw .http(status: status, bodyPrefix: String(decoding: data.prefix(200), as: UTF8.self))
        }
        let message = detail != nil ? parsed.data?.first?.sMsg ?? "" : parsed.msg ?? ""
        let error = OKXErrorCode(text: code)
        logger.warning("okx error", metadata: ["code": "\(code)", "msg": "\(message)", "status": "\(status)"])
        if error.outcome == .clockSkew && serverClock.correctionEnabled {
            serverClock.invalidate()
            try? await synchronizeTime()
        }
        throw .api(error, message: message, httpStatus: status)
    }

    /// The `data` member of an answer, re-encoded alone (empty array when absent).
    private static func dataArray(_ body: Data) -> Data {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any], let array = object["data"],
            let out = try? JSONSerialization.data(withJSONObject: array)
        else { return Data("[]".utf8) }
        return out
    }

    /// `data` decoded as `T`; a 2xx body that does not decode is an unknown outcome.
    func decode<T: Decodable>(_ type: T.Type, _ data: Data) throws(OKXVenueError) -> T {
        do { return try JSONDecoder().decode(T.self, from: data) } catch {
            throw .decoding("\(T.self): \(String(decoding: data.prefix(200), as: UTF8.self))")
        }
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// `a=1&b=2`, percent-encoded, in the caller's order (the text signed is the text sent).
    static func encode(_ parameters: [(String, String)]) -> String {
        parameters.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: unreserved) ?? $0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: unreserved) ?? $0.1)" }
            .joined(separator: "&")
    }
}
