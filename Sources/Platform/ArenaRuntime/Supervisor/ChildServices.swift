import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// The supervisor's children: each service executable of the local run,
/// started with the supervisor's configuration once the store is prepared,
/// restarted with back-off when it dies, and stopped with SIGTERM (SIGKILL
/// after the shutdown grace) when the supervisor stops.
///
/// A child that exits with ``ServiceHost/configurationErrorExitStatus`` is not
/// restarted: its configuration will not fix itself. Each child gets
/// ``ParentWatch/variable``, so it stops by itself if the supervisor is killed.
public struct ChildServices: Service, CustomStringConvertible {
    /// One child: an executable and the variables only it gets (a second scorer's free health port).
    public struct Child: Sendable {
        public var executable: URL
        public var environment: [String: String]

        /// A child.
        public init(_ executable: URL, environment: [String: String] = [:]) {
            self.executable = executable
            self.environment = environment
        }
    }

    private let context: HostContext
    private let children: [Child]
    private let environment: [String: String]
    private let ready: @Sendable () async throws -> Void

    /// Children running `executables` with `environment` added (the config
    /// path); they start after `ready` returns (the store is prepared).
    public init(
        context: HostContext, executables: [URL], environment: [String: String],
        after ready: @escaping @Sendable () async throws -> Void = {}
    ) {
        self.init(context: context, children: executables.map { Child($0) }, environment: environment, after: ready)
    }

    /// Children, each with `environment` and its own variables added.
    public init(
        context: HostContext, children: [Child], environment: [String: String],
        after ready: @escaping @Sendable () async throws -> Void = {}
    ) {
        self.context = context
        self.children = children
        self.environment = environment
        self.ready = ready
    }

    public var description: String { "ChildServices(\(children.map(\.executable.lastPathComponent).joined(separator: ", ")))" }

    public func run() async throws {
        try await ready()
        await withTaskGroup(of: Void.self) { group in
            for child in children {
                group.addTask { await supervise(child) }
            }
        }
    }

    /// Runs one child until graceful shutdown, restarting it when it dies.
    private func supervise(_ child: Child) async {
        let name = child.executable.lastPathComponent
        var failures = 0
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let process = Process()
            process.executableURL = child.executable
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
                .merging(child.environment) { _, new in new }.merging([ParentWatch.variable: "\(getpid())"]) { _, new in new }
            let exited = ExitSignal()
            process.terminationHandler = { p in exited.fire(p.terminationStatus) }
            do { try process.run() } catch {
                context.logger.error("cannot start service", metadata: ["service": "\(name)", "error": "\(error)"])
                return
            }
            context.logger.notice("service started", metadata: ["service": "\(name)", "pid": "\(process.processIdentifier)"])
            let status = await withGracefulShutdownHandler {
                await exited.wait()
            } onGracefulShutdown: {
                process.terminate()
                let grace = context.config.arena.shutdownGrace
                Thread.detachNewThread {
                    Thread.sleep(forTimeInterval: Double(grace.components.seconds) + 0.5)
                    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                }
            }
            if Task.isShuttingDownGracefully { return }
            if status == ServiceHost.configurationErrorExitStatus {
                context.logger.critical("service refused its configuration; not restarting", metadata: ["service": "\(name)"])
                return
            }
            failures += 1
            let delay = Duration.milliseconds(min(30_000, 500 << min(failures, 6)))
            context.logger.error("service exited; restarting", metadata: ["service": "\(name)", "status": "\(status)", "after": "\(delay)"])
            try? await Task.sleep(for: delay)
        }
    }
}

/// A child's exit status, awaited once.
private final class ExitSignal: Sendable {
    private let state = Mutex<(status: Int32?, waiter: CheckedContinuation<Int32, Never>?)>((nil, nil))

    func fire(_ status: Int32) {
        let waiter = state.withLock { s -> CheckedContinuation<Int32, Never>? in
            s.status = status
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume(returning: status)
    }

    func wait() async -> Int32 {
        await withCheckedContinuation { continuation in
            let done = state.withLock { s -> Int32? in
                if let status = s.status { return status }
                s.waiter = continuation
                return nil
            }
            if let done { continuation.resume(returning: done) }
        }
    }
}
