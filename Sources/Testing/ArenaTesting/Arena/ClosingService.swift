import ServiceLifecycle

/// A service that holds something open until the group shuts down, then closes it.
public struct ClosingService: Service, CustomStringConvertible {
    private let name: String
    private let close: @Sendable () async -> Void

    /// Runs until graceful shutdown, then calls `close`.
    public init(name: String, close: @escaping @Sendable () async -> Void) {
        self.name = name
        self.close = close
    }

    public var description: String { name }

    public func run() async throws {
        try? await gracefulShutdown()
        await close()
    }
}
