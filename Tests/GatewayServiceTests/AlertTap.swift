import ArenaBus
import ArenaCore
import Foundation
import GatewayService
import MarketData
import Synchronization

/// The alerts published on a PUB endpoint (`alert.*`), as a real subscriber receives them.
final class AlertWatch: Sendable {
    private final class Log: Sendable {
        let alerts = Mutex<[Alert]>([])
    }

    private let subscriber: Subscriber
    private let log = Log()
    private let task: Task<Void, Never>

    /// Subscribes to the alerts published at `endpoints`.
    init(_ endpoints: [String]) throws {
        subscriber = try Subscriber(service: ServiceName(unchecked: "alert-watch"), connect: endpoints, topics: ["alert."])
        let messages = subscriber.messages, log = log
        task = Task {
            for await message in messages {
                if let alert = try? message.decode(Alert.self) { log.alerts.withLock { $0.append(alert) } }
            }
        }
    }

    /// Every alert received so far, in order.
    var alerts: [Alert] { log.alerts.withLock { $0 } }

    /// The kinds of ``alerts``.
    func kinds() -> [String] { alerts.map(\.kind) }

    /// Stops receiving.
    func close() async {
        task.cancel()
        await subscriber.close()
    }
}

extension AlertWatch {
    /// Waits until the subscription is live: probe alerts sent through `outputs` arrive.
    func waitUntilLive(through outputs: MarketOutputs) async throws {
        try await send(marker("probe"), through: outputs, until: "probe", repeating: true)
    }

    /// The alerts received after the last probe, once a marker `outputs` sends
    /// after them has arrived (PUB/SUB keeps one publisher's order).
    func drain(through outputs: MarketOutputs) async throws -> [Alert] {
        let tag = UUID().uuidString
        try await send(marker(tag), through: outputs, until: tag, repeating: false)
        let all = alerts
        let start = (all.lastIndex { $0.message.contains("probe") } ?? -1) + 1
        return all[start...].filter { !$0.message.contains(tag) }
    }

    private func send(_ alert: Alert, through outputs: MarketOutputs, until tag: String, repeating: Bool) async throws {
        let clock = ContinuousClock(), end = clock.now.advanced(by: .seconds(30))
        outputs.publish(alert: alert)
        while !alerts.contains(where: { $0.message.contains(tag) }) {
            guard clock.now < end else { throw AlertWatchError(description: "the \(tag) alert never arrived") }
            if repeating { outputs.publish(alert: alert) }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// An alert that carries `tag` in its message.
    private func marker(_ tag: String) -> Alert {
        DataFinding.malformed(venue: VenueID(unchecked: "marker"), count: 0, example: tag)
            .alert(source: ServiceName(unchecked: "test"), time: WallClock().now())
    }
}

struct AlertWatchError: Error, CustomStringConvertible {
    var description: String
}
