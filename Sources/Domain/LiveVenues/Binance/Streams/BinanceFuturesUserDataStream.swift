import ArenaCore
import Foundation
import Logging
import WSClient

/// USDⓈ-M fills and order updates: the listen-key user-data stream (ADR 0020).
///
/// Each connection gets a listen key (`POST /fapi/v1/listenKey`; Binance returns the active one,
/// extended, if there is one), opens `<webSocketURL>/ws/<listenKey>` and extends the key every
/// `keepAliveInterval` (`PUT`). `ORDER_TRADE_UPDATE` and `ACCOUNT_UPDATE` are delivered. A
/// `listenKeyExpired`, a keep-alive answered -1125 (the key is gone), a malformed frame, a close or
/// the rotation before Binance's 24 h cut end the connection; the next one starts with a new key
/// after a backoff, and the stream says so so that the OMS reconciles. When the consumer stops
/// iterating, the key is closed (`DELETE`).
///
/// The listen key is never logged: whoever has it can read the account's events.
public struct BinanceFuturesUserDataStream: Sendable {
    let client: BinanceTradingClient
    let baseURL: String
    let configuration: BinanceUserDataStreamConfiguration
    let logger: Logger

    /// A stream for `client`'s key at `client`'s environment.
    public init(
        client: BinanceTradingClient, configuration: BinanceUserDataStreamConfiguration = BinanceUserDataStreamConfiguration(),
        logger: Logger = Logger(label: "arena.venues.binance.user-data")
    ) {
        self.client = client
        baseURL = client.environment.webSocketURL
        self.configuration = configuration
        self.logger = logger
    }

    /// The events, from the first connection until the consumer stops iterating.
    public func events() -> AsyncStream<BinanceUserDataEvent> {
        let client = self.client
        // Not on the cancelled task: the DELETE must still go out.
        let stop: @Sendable () -> Void = { Task { try? await client.closeListenKey() } }
        return UserDataLoop.stream(backoff: configuration.backoff, logger: logger, onStop: stop) { output, live in
            await session(output: output, live: live)
        }
    }

    /// One connection on a fresh (or extended) key; returns why it ended.
    private func session(output: AsyncStream<BinanceUserDataEvent>.Continuation, live: @escaping @Sendable () -> Void) async -> String {
        let key: String
        do { key = try await client.startListenKey() } catch { return "no listen key: \(error)" }
        let interval = configuration.keepAliveInterval
        let client = self.client, logger = self.logger
        return await UserDataSocket.run(
            url: "\(baseURL)/ws/\(key)", maxAge: configuration.maxConnectionAge, maxFrameSize: configuration.maxFrameSize,
            logger: logger,
            open: { _ in
                logger.info("user-data stream connected")
                live()
            },
            watch: {
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    if Task.isCancelled { break }
                    do throws(BinanceVenueError) { try await client.keepAliveListenKey() } catch {
                        if case .api(.invalidListenKey, _, _, _) = error { return "listen key no longer exists" }
                        // Transient: the key lives 60 minutes, the next keep-alive can still save it.
                        logger.warning("listen key keep-alive failed", metadata: ["error": "\(error)"])
                    }
                }
                return "cancelled"
            },
            frame: { data, _ in
                guard let frame = UserDataSocket.decode(data, logger: logger, BinanceUserDataParser.futures) else { return "malformed frame" }
                switch frame {
                case .event(let event): output.yield(event)
                case .listenKeyExpired: return "listenKeyExpired"
                case .ignored: break
                }
                return nil
            }
        )
    }
}
