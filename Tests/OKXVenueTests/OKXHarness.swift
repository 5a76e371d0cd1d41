import ArenaCore
import ArenaTesting
import Foundation
import LiveVenues
import Synchronization
import Testing

/// A fake OKX on a free port and a client (and, on request, a private stream) pointed at it.
struct OKXHarness {
    let fake: FakeOKXTrading
    let credentials: OKXCredentials
    let environment: OKXEnvironment
    let client: OKXTradingClient

    /// Starts a demo fake, a client with `configure`d settings (short timeouts with wide margins) and loads the instruments.
    static func run(
        fake fakeConfiguration: FakeOKXTrading.Configuration = .init(), simulatedTrading: Bool = true,
        credentials override: ((FakeOKXTrading.Configuration) throws -> OKXCredentials)? = nil,
        loadInstruments: Bool = true,
        configure: (inout OKXTradingClient.Configuration) -> Void = { _ in },
        _ body: (OKXHarness) async throws -> Void
    ) async throws {
        let fake = try await FakeOKXTrading(fakeConfiguration)
        do {
            let credentials = try override?(fakeConfiguration)
                ?? OKXCredentials(apiKey: fakeConfiguration.apiKey, secretKey: fakeConfiguration.secretKey, passphrase: fakeConfiguration.passphrase)
            let environment = OKXEnvironment.local(
                restBaseURL: fake.baseURL, privateWebSocketURL: fake.privateWebSocketURL, simulatedTrading: simulatedTrading
            )
            var configuration = OKXTradingClient.Configuration()
            configuration.requestTimeout = .seconds(10)
            configuration.resolvePollInterval = .milliseconds(100)
            configuration.resolveDeadline = .seconds(30)
            configure(&configuration)
            let client = OKXTradingClient(environment: environment, credentials: credentials, configuration: configuration)
            if loadInstruments { try await client.loadInstruments() }
            try await body(OKXHarness(fake: fake, credentials: credentials, environment: environment, client: client))
        } catch {
            await fake.stop()
            throw error
        }
        await fake.stop()
    }

    /// A private stream to the fake, its events collected as they come.
    func stream(_ configure: (inout OKXPrivateStream.Configuration) -> Void = { _ in }) -> EventLog {
        var configuration = OKXPrivateStream.Configuration()
        configuration.reconnectDelay = .milliseconds(100)
        configure(&configuration)
        return EventLog(OKXPrivateStream(environment: environment, credentials: credentials, configuration: configuration).events())
    }

    /// A private stream, once its `orders` subscription is confirmed.
    func subscribedStream() async throws -> EventLog {
        let log = stream()
        try await eventually("the orders subscription") { log.subscriptions == 1 }
        return log
    }
}

/// Every event of a private stream, for polling.
final class EventLog: Sendable {
    private final class Store: Sendable {
        let events = Mutex<[OKXPrivateEvent]>([])
    }

    private let store: Store
    private let task: Task<Void, Never>

    init(_ stream: AsyncStream<OKXPrivateEvent>) {
        let store = Store()
        self.store = store
        task = Task { for await event in stream { store.events.withLock { $0.append(event) } } }
    }

    var all: [OKXPrivateEvent] { store.events.withLock { $0 } }

    /// The order pushes so far.
    var orders: [OKXOrder] { all.compactMap { if case .order(let o) = $0 { o } else { nil } } }

    /// How many times the orders channel was subscribed.
    var subscriptions: Int { all.filter { if case .subscribed = $0 { true } else { false } }.count }

    func stop() { task.cancel() }
}

/// `text` as a decimal (test literals only).
func dec(_ text: String) -> FixedDecimal { FixedDecimal(text)! }

let spot = try! Symbol("BTC-USDT")
let swap = try! Symbol("BTC-USDT-SWAP")
func cid(_ text: String) -> ClientOrderID { try! ClientOrderID(text) }

/// A spot `cash` order: limit at `price`, market without one.
func spotOrder(_ id: String, _ side: Side = .buy, size: String, price: String? = nil) -> OKXOrderRequest {
    OKXOrderRequest(
        instrumentID: spot, tradeMode: .cash, side: side, type: price == nil ? .market : .limit, size: dec(size), price: price.map(dec),
        clientOrderID: cid(id)
    )
}
