import ArenaCore
import Foundation

extension BinanceTradingClient {
    /// The current server time in milliseconds as this client stamps requests (measured offset applied),
    /// for a request signed elsewhere (the spot user-data subscription).
    public func serverTimestamp() async throws(BinanceVenueError) -> Int64 {
        if serverClock.needsMeasurement(now: configuration.localMilliseconds()) { try await synchronizeTime() }
        return serverClock.timestamp(now: configuration.localMilliseconds())
    }

    /// The `recvWindow` this client sends, for a request signed elsewhere.
    public nonisolated var recvWindow: Int64 { configuration.recvWindow }

    /// USDⓈ-M `POST /fapi/v1/listenKey`: a listen key valid for 60 minutes (the active one, extended, if there is one).
    public func startListenKey() async throws(BinanceVenueError) -> String {
        struct Key: Decodable { var listenKey: String }
        return try decode(Key.self, try await send(.POST, .listenKey, [], signed: false, keyed: true)).listenKey
    }

    /// USDⓈ-M `PUT /fapi/v1/listenKey`: extends the active key by 60 minutes; -1125 when it no longer exists.
    public func keepAliveListenKey() async throws(BinanceVenueError) {
        _ = try await send(.PUT, .listenKey, [], signed: false, keyed: true)
    }

    /// USDⓈ-M `DELETE /fapi/v1/listenKey`: closes the stream.
    public func closeListenKey() async throws(BinanceVenueError) {
        _ = try await send(.DELETE, .listenKey, [], signed: false, keyed: true)
    }
}
