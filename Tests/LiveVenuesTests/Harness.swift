import ArenaCore
import ArenaTesting
import Foundation
import LiveVenues

/// A fake Binance and a client pointed at it over real HTTP on loopback.
struct Harness {
    let fake: FakeBinance
    let client: BinanceTradingClient
    let logs: LogCapture
    let credentials: BinanceCredentials

    static let symbol = try! Symbol("BTCUSDT")

    /// Runs `body` with a started fake and client (filters loaded), then stops the fake, even on a throw.
    static func with(
        _ market: BinanceMarket = .spot, fake configuration: FakeBinance.Configuration = FakeBinance.Configuration(),
        loadFilters: Bool = true,
        client configure: (inout BinanceTradingClient.Configuration) -> Void = { _ in },
        _ body: (Harness) async throws -> Void
    ) async throws {
        let fake = try await FakeBinance(configuration)
        var config = BinanceTradingClient.Configuration()
        configure(&config)
        let logs = LogCapture()
        let credentials = try BinanceCredentials(apiKey: configuration.apiKey, secretKey: configuration.secretKey)
        let client = BinanceTradingClient(
            environment: .local(market, baseURL: fake.baseURL), credentials: credentials, configuration: config, logger: logs.logger
        )
        let harness = Harness(fake: fake, client: client, logs: logs, credentials: credentials)
        do {
            if loadFilters { try await client.exchangeInfo() }
            try await body(harness)
        } catch {
            await fake.stop()
            throw error
        }
        await fake.stop()
    }

    /// A LIMIT (or other) order request on BTCUSDT.
    static func order(
        _ type: BinanceOrderType = .limit, _ side: Side = .buy, quantity: String, price: String? = nil, stop: String? = nil,
        id: String, tif: TimeInForce? = nil, reference: String? = nil
    ) -> BinanceOrderRequest {
        BinanceOrderRequest(
            symbol: symbol, side: side, type: type, quantity: FixedDecimal(quantity)!, price: price.flatMap { FixedDecimal($0) },
            stopPrice: stop.flatMap { FixedDecimal($0) }, timeInForce: tif, clientOrderID: try! ClientOrderID(id),
            referencePrice: reference.flatMap { FixedDecimal($0) }
        )
    }
}

/// The venue error `body` throws, nil when it succeeds (a closure's typed throw is not inferred).
func failure<T>(_ body: () async throws -> T) async -> BinanceVenueError? {
    do {
        _ = try await body()
        return nil
    } catch {
        return error as? BinanceVenueError ?? .decoding("not a venue error: \(error)")
    }
}
