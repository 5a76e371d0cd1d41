import ServiceLifecycle

/// A switch any component (a control endpoint, a fatal-error path, a test)
/// flips to shut its host down gracefully, exactly as SIGTERM would.
public final class ShutdownTrigger: Sendable {
    private let latch = Latch<String>()

    /// A trigger that has not fired.
    public init() {}

    /// Requests the shutdown; the first reason is kept, later calls are ignored.
    public func fire(reason: String) {
        latch.resolve(reason)
    }

    /// The reason of the shutdown request, if one was made.
    public var reason: String? { latch.current }

    /// Waits for the request; returns `nil` if the caller is cancelled first.
    func wait() async -> String? {
        try? await latch.wait()
    }
}

/// The host's last service: it returns when the trigger fires, which makes the
/// `ServiceGroup` shut down gracefully, and it is the first service told of a
/// shutdown (groups stop services in reverse order), so readiness turns
/// false before anything else stops and callers stop sending work.
struct ShutdownWatcher: Service, CustomStringConvertible {
    let trigger: ShutdownTrigger
    let lifecycle: ReadinessCheck

    var description: String { "ShutdownWatcher" }

    func run() async throws {
        lifecycle.markReady()
        await withGracefulShutdownHandler {
            _ = await trigger.wait()
        } onGracefulShutdown: {
            trigger.fire(reason: "graceful shutdown (signal or group)")
        }
        lifecycle.markNotReady("shutting down: \(trigger.reason ?? "cancelled")")
    }
}
