import ArenaCore
import Foundation
import Logging
import WSClient

/// Spot fills and order updates: the WebSocket API's `userDataStream.subscribe.signature` (ADR 0020).
///
/// Each connection opens `environment.webSocketURL` (testnet `wss://ws-api.testnet.binance.vision/ws-api/v3`),
/// sends one HMAC-signed subscription (`apiKey`, `recvWindow`, `timestamp` in the server's time, signed
/// over the parameters sorted by name) and, once the venue answers `status` 200 with a `subscriptionId`,
/// delivers every `executionReport`, `outboundAccountPosition` and `balanceUpdate`. A refused subscription,
/// an `eventStreamTerminated`, a malformed frame, a close or the 24 h rotation end the connection; the
/// next one is opened after a backoff, and the stream says so (``BinanceUserDataEvent/disconnected(reason:)``,
/// ``BinanceUserDataEvent/reconnected``) so that the OMS reconciles.
///
/// Listen keys are deprecated on spot and `userDataStream.subscribe` needs an Ed25519 `session.logon`;
/// the signature subscription works with the HMAC keys the REST layer already uses.
public struct BinanceSpotUserDataStream: Sendable {
    let client: BinanceTradingClient
    let signer: BinanceSigner
    let apiKey: String
    let url: String
    let configuration: BinanceUserDataStreamConfiguration
    let logger: Logger

    /// A stream for the account of `credentials`, timestamped by `client`'s server clock, at `client`'s environment.
    public init(
        client: BinanceTradingClient, credentials: BinanceCredentials,
        configuration: BinanceUserDataStreamConfiguration = BinanceUserDataStreamConfiguration(),
        logger: Logger = Logger(label: "arena.venues.binance.user-data")
    ) {
        self.client = client
        signer = BinanceSigner(credentials: credentials)
        apiKey = credentials.apiKey
        url = client.environment.webSocketURL
        self.configuration = configuration
        self.logger = logger
    }

    /// The events, from the first subscription until the consumer stops iterating.
    public func events() -> AsyncStream<BinanceUserDataEvent> {
        UserDataLoop.stream(backoff: configuration.backoff, logger: logger) { output, live in await session(output: output, live: live) }
    }

    /// One connection: subscribe, then deliver until it ends; returns why.
    private func session(output: AsyncStream<BinanceUserDataEvent>.Continuation, live: @escaping @Sendable () -> Void) async -> String {
        let timestamp: Int64
        do { timestamp = try await client.serverTimestamp() } catch { return "server time unavailable: \(error)" }
        let requestID = "user-data-\(timestamp)"
        let request: String
        do { request = try subscription(id: requestID, timestamp: timestamp) } catch { return "subscription not encoded: \(error)" }
        let subscribed = StreamFlag()
        let timeout = configuration.subscribeTimeout
        return await UserDataSocket.run(
            url: url, maxAge: configuration.maxConnectionAge, maxFrameSize: configuration.maxFrameSize, logger: logger,
            open: { outbound in try await outbound.write(.text(request)) },
            watch: {
                try? await Task.sleep(for: timeout)
                if !subscribed.isSet { return "no answer to the subscription within \(timeout)" }
                // Subscribed: nothing more to watch until the connection ends.
                while !Task.isCancelled { try? await Task.sleep(for: .seconds(3_600)) }
                return "cancelled"
            },
            frame: { data, _ in
                guard let frame = UserDataSocket.decode(data, logger: logger, BinanceUserDataParser.spot) else { return "malformed frame" }
                switch frame {
                case .response(let id, let status, let subscriptionID, let code, let message):
                    guard id == requestID else { return nil }
                    guard status == 200 else {
                        logger.error("user-data subscription refused", metadata: [
                            "status": "\(status)", "code": "\(code.map(String.init) ?? "-")", "msg": "\(message ?? "")",
                        ])
                        return "subscription refused: \(code.map(String.init) ?? "\(status)") \(message ?? "")"
                    }
                    subscribed.set()
                    logger.info("user-data subscribed", metadata: ["subscriptionId": "\(subscriptionID.map(String.init) ?? "-")"])
                    live()
                case .event(let event):
                    if subscribed.isSet { output.yield(event) }
                case .terminated:
                    return "eventStreamTerminated"
                case .ignored:
                    break
                }
                return nil
            }
        )
    }

    /// The `userDataStream.subscribe.signature` request (the signature over the sorted parameters).
    private func subscription(id: String, timestamp: Int64) throws -> String {
        let recvWindow = client.recvWindow
        let signature = signer.webSocketSignature([
            ("apiKey", apiKey), ("recvWindow", String(recvWindow)), ("timestamp", String(timestamp)),
        ])
        let object: [String: Any] = [
            "id": id, "method": "userDataStream.subscribe.signature",
            "params": ["apiKey": apiKey, "recvWindow": Int(recvWindow), "timestamp": Int(timestamp), "signature": signature],
        ]
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }
}
