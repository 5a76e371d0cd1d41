import ArenaCore

/// The offset between Binance's clock and the local one, so that `timestamp` is stamped in the server's time.
///
/// A signed request is accepted only if `timestamp < serverTime + 1000` and
/// `serverTime - timestamp <= recvWindow`, else -1021. The offset is measured from
/// `GET /api/v3/time` (`/fapi/v1/time`) as `serverTime − (send + receive) / 2`: the
/// server read its clock somewhere in the round trip, the midpoint is the best guess,
/// and the error is at most half the round trip. Pure: the local times are parameters.
public struct ServerClock: Sendable, Hashable {
    /// `serverTime − local`, in milliseconds (zero until measured or with correction off).
    public private(set) var offsetMilliseconds: Int64 = 0
    /// The round trip of the last measurement, in milliseconds.
    public private(set) var lastRoundTripMilliseconds: Int64?
    /// The local time of the last measurement (nil: never measured).
    public private(set) var measuredAt: Int64?
    /// How often the offset is measured again.
    public let resyncInterval: Duration
    /// False stamps the local time as it is (for tests that show -1021 happen).
    public let correctionEnabled: Bool

    public init(resyncInterval: Duration = .seconds(300), correctionEnabled: Bool = true) {
        self.resyncInterval = resyncInterval
        self.correctionEnabled = correctionEnabled
    }

    /// Whether the offset should be measured before a signed request at local time `now`.
    public func needsMeasurement(now: Int64) -> Bool {
        guard correctionEnabled else { return false }
        guard let at = measuredAt else { return true }
        return now - at >= resyncInterval.wholeMilliseconds
    }

    /// Records one measurement: the server's time and the local times around the request.
    public mutating func record(serverTime: Int64, sentAt: Int64, receivedAt: Int64) {
        offsetMilliseconds = serverTime - (sentAt + receivedAt) / 2
        lastRoundTripMilliseconds = receivedAt - sentAt
        measuredAt = receivedAt
    }

    /// Forces a measurement before the next signed request (after a -1021).
    public mutating func invalidate() { measuredAt = nil }

    /// The `timestamp` to send at local time `now`.
    public func timestamp(now: Int64) -> Int64 { correctionEnabled ? now + offsetMilliseconds : now }
}
