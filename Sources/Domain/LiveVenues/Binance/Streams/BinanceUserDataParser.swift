import ArenaCore
import Foundation

/// Decodes the frames of Binance's user-data streams into ``BinanceUserDataEvent``s (exact decimals).
///
/// Spot frames arrive on the WebSocket API connection: responses `{"id","status","result"|"error"}`
/// and events `{"subscriptionId","event":{…}}`
/// (developers.binance.com/docs/binance-spot-api-docs/user-data-stream). USDⓈ-M frames are the bare
/// events on `/ws/<listenKey>` (developers.binance.com/docs/derivatives/usds-margined-futures/user-data-streams).
public enum BinanceUserDataParser {
    /// One spot WebSocket API frame.
    public enum SpotFrame: Sendable, Hashable {
        /// The answer to a request: `status` 200 with the `subscriptionId`, or the error's code and message.
        case response(id: String?, status: Int, subscriptionID: Int?, errorCode: Int?, errorMessage: String?)
        case event(BinanceUserDataEvent)
        /// `eventStreamTerminated`: the subscription is over.
        case terminated
        /// An event this layer does not use (`listStatus`, `externalLockUpdate`, …), by its type.
        case ignored(String)
    }

    /// One USDⓈ-M user-data frame.
    public enum FuturesFrame: Sendable, Hashable {
        case event(BinanceUserDataEvent)
        /// `listenKeyExpired`: no more events on this key; a new one is needed.
        case listenKeyExpired
        case ignored(String)
    }

    /// Why a frame could not be read.
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Decodes one spot WebSocket API frame.
    public static func spot(_ data: Data) throws(ParseError) -> SpotFrame {
        let envelope: SpotEnvelope = try decode(data)
        if let status = envelope.status {
            return .response(
                id: envelope.id?.text, status: status, subscriptionID: envelope.result?.subscriptionId,
                errorCode: envelope.error?.code, errorMessage: envelope.error?.msg
            )
        }
        guard let type = envelope.event?.e else { throw ParseError(description: "neither a response nor an event") }
        if let r = envelope.executionReport { return .event(.order(r.update)) }
        if let p = envelope.accountPosition { return .event(.account(p.update)) }
        if let b = envelope.balanceUpdate { return .event(.balanceDelta(asset: b.a, delta: b.d, eventTime: b.E)) }
        return type == "eventStreamTerminated" ? .terminated : .ignored(type)
    }

    /// Decodes one USDⓈ-M user-data frame.
    public static func futures(_ data: Data) throws(ParseError) -> FuturesFrame {
        struct Head: Decodable { var e: String }
        let head: Head = try decode(data)
        switch head.e {
        case "ORDER_TRADE_UPDATE":
            let u: FuturesOrderTradeUpdate = try decode(data)
            return .event(.order(u.update))
        case "ACCOUNT_UPDATE":
            let u: FuturesAccountUpdate = try decode(data)
            return .event(.account(u.update))
        case "listenKeyExpired": return .listenKeyExpired
        default: return .ignored(head.e)
        }
    }

    static func decode<T: Decodable>(_ data: Data) throws(ParseError) -> T {
        do { return try JSONDecoder().decode(T.self, from: data) } catch {
            throw ParseError(description: "\(T.self): \(error)")
        }
    }
}
