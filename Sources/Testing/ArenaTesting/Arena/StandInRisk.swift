import ArenaBus
import ArenaCore
import ArenaWire
import Foundation
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
        let seen = Mutex<Set<String>>([])
        let replier = try Replier(service: ServiceName("risk"), bind: [endpoint]) { envelope in
            let decision = try envelope.decode(ModelDecision.self)
            let first = seen.withLock { $0.insert(decision.decisionID).inserted }
            announce("DECISION \(decision.decisionID) \(first ? "FIRST" : "REPEAT") \(decision.outcome.rawValue) \(decision.action.rawValue)")
            if first, let slowFirst { try await Task.sleep(for: slowFirst) }
            return DecisionAck(decisionID: decision.decisionID, firstReceipt: first)
        }
        announce("READY risk \(replier.endpoints.first ?? endpoint)")
        await StandardInput.closed()
        await replier.close()
    }

    private static func announce(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
