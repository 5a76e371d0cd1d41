import ArenaCore
import Foundation
import Logging
import MarketData

/// OKX v5 public feed: `trades`, `candle1m`, `tickers` and, for swaps, `funding-rate`.
///
/// OKX closes connections that stay quiet for 30 s, so the source sends the text
/// `ping` after 25 s of silence and reconnects when no `pong` (or anything else)
/// comes back in time.
public struct OKXLiveSource: VenueSource {
    /// OKX's public endpoint.
    public static let endpoint = "wss://ws.okx.com:8443/ws/v5/public"

    public let venue: VenueID
    /// The instruments subscribed.
    public let instruments: [OKXInstrument]
    private let session: WebSocketSession

    /// Creates a source for `instruments`; `url` defaults to OKX's public endpoint.
    public init(
        venue: VenueID, instruments: [OKXInstrument], url: String = OKXLiveSource.endpoint,
        configuration: WebSocketSessionConfiguration = .init(idlePing: ("ping", .seconds(25), .seconds(5))),
        logger: Logger = Logger(label: "arena.marketdata.okx")
    ) {
        self.venue = venue
        self.instruments = instruments
        let decoder = OKXStreamDecoder(venue: venue, instruments: OKXInstrumentTable(instruments))
        session = WebSocketSession(
            url: url, subscribe: [Self.subscribeMessage(instruments)], configuration: configuration, logger: logger,
            decode: { data, at throws(VenueMessageError) in try decoder.decode(data, receivedAt: at) }
        )
    }

    /// `{"op":"subscribe","args":[{"channel":…,"instId":…},…]}` for every channel of every instrument.
    public static func subscribeMessage(_ instruments: [OKXInstrument]) -> String {
        var args: [[String: String]] = []
        for inst in instruments {
            var channels = ["trades", "candle1m", "tickers"]
            if inst.market == .perpetual { channels.append("funding-rate") }
            args += channels.map { ["channel": $0, "instId": inst.instID] }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        // Encoding string dictionaries cannot fail.
        let argsJSON = String(decoding: try! encoder.encode(args), as: UTF8.self)
        return #"{"op":"subscribe","args":"# + argsJSON + "}"
    }

    public func events() -> AsyncStream<SourceEvent> { session.events() }
}
