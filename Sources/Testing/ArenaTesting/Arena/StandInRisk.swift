import ArenaBus
import ArenaCore
import ArenaRuntime
import ArenaWire
import Foundation
import ServiceLifecycle
import Synchronization

/// A risk-guard stand-in for the arena clock's tests: a real
/// ``ArenaBus/Replier`` that acknowledges forwarded decisions idempotently by
/// decision id, as the risk guard must, and reports each receipt on standard
/// output as `DECISION <id> <FIRST|REPEAT> <outcome> <action>`.
///
/// `slowFirst` delays the first receipt of every id past the sender's
/// patience, so the sender gives up and sends the decision again (as a new
/// request), which must then be acknowledged as a repeat.
public enum StandInRisk {
    /// Binds `endpoint` and serves until stdin closes or the process is killed.
    public static func run(endpoint: String, slowFirst: Duration?) async throws {
        let replier = try ZeroMQTransport().replier(service: ServiceName("risk"), bind: endpoint, handler: routes(slowFirst: slowFirst, announce: announce).handler)
        announce("READY risk \(endpoint)")
        await StandardInput.closed()
        await replier.close()
    }

    /// The route that acknowledges decisions, idempotently by decision id;
    /// `announce`, when given, hears the `DECISION` line of every receipt.
    public static func routes(slowFirst: Duration?, announce: (@Sendable (String) -> Void)?) -> RequestRouter {
        let seen = Mutex<Set<String>>([])
        var routes = RequestRouter()
        routes.on(ModelDecision.self) { decision, _ in
            let first = seen.withLock { $0.insert(decision.decisionID).inserted }
            if let announce {
                announce("DECISION \(decision.decisionID) \(first ? "FIRST" : "REPEAT") \(decision.outcome.rawValue) \(decision.action.rawValue)")
            }
            if first, let slowFirst { try await Task.sleep(for: slowFirst) }
            return DecisionAck(decisionID: decision.decisionID, firstReceipt: first)
        }
        return routes
    }

    @Sendable private static func announce(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}

/// The risk-guard stand-in as a component, for runs in one process: its REP
/// socket acknowledges decisions next to `STATUS`.
public enum StandInRiskComponent: ServiceComponent {
    public static let descriptor = ServiceDescriptor(
        kind: "risk", summary: "stand-in risk guard (test support): acknowledges decisions", binds: [.rep]
    )

    public static func build(in environment: ServiceEnvironment) throws -> [any Service] {
        environment.serve(StandInRisk.routes(slowFirst: nil, announce: nil))
        return []
    }
}
