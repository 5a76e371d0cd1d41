import Foundation
import ServiceLifecycle

/// Stops a supervised service when its supervisor is gone.
///
/// `arena up` starts each service with ``variable`` set to its own pid. A supervisor killed
/// with SIGKILL cannot stop its children, and Foundation starts them in process groups of
/// their own, so without this they would live on as orphans holding the arena's ports. The
/// watch polls the parent pid (a cheap system call, on a sleeping task) and shuts the service
/// down gracefully once it changes.
public struct ParentWatch: Service, CustomStringConvertible {
    /// The variable that carries the supervisor's pid.
    public static let variable = "ARENA_PARENT_PID"

    let parent: Int32
    let trigger: ShutdownTrigger
    let interval: Duration

    /// A watch for `parent`, firing `trigger` when it is gone.
    public init(parent: Int32, trigger: ShutdownTrigger, interval: Duration = .milliseconds(500)) {
        self.parent = parent
        self.trigger = trigger
        self.interval = interval
    }

    public var description: String { "ParentWatch(\(parent))" }

    public func run() async throws {
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            if getppid() != parent {
                trigger.fire(reason: "the supervisor (pid \(parent)) is gone")
                return
            }
            try? await Task.sleep(for: interval)
        }
    }
}
