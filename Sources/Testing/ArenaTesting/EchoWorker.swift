import ArenaBus
import ArenaCore
import ArenaWire
import Foundation

/// A scorer stand-in for tests: a real `Worker` that announces each job on
/// standard output (`JOB <trade id>`), waits `delay`, and answers with the
/// job's own payload. Run as a separate process (`arena-testkit echo-worker`)
/// so that tests can kill it with SIGKILL in the middle of a job.
public enum EchoWorker {
    /// Connects to `endpoint` as `name` and serves until the process is killed or stdin closes.
    public static func run(name: String, endpoint: String, delay: Duration, capacity: Int) async throws {
        var options = Worker.Options()
        options.capacity = capacity
        options.heartbeatInterval = .milliseconds(100)
        let worker = try Worker(service: ServiceName(name), connect: [endpoint], options: options) { envelope in
            let trade = try envelope.decode(Trade.self)
            announce("JOB \(trade.tradeID)")
            try await Task.sleep(for: delay)
            return trade
        }
        announce("READY \(name)")
        // Serve until standard input closes (the test ends) or a signal kills us.
        await StandardInput.closed()
        await worker.close()
    }

    private static func announce(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
