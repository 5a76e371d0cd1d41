import ArenaBus
import ArenaCore
import ArenaWire
import Foundation
import ServiceLifecycle
import Synchronization
import Testing
@testable import ArenaRuntime

/// A source: publishes three ticks on `tick.` and echoes heartbeats on its REP next to `STATUS`.
enum Source: ServiceComponent {
    static let descriptor = ServiceDescriptor(kind: "source", summary: "test source", binds: [.pub, .rep])

    static func build(in environment: ServiceEnvironment) throws -> [any Service] {
        let publisher = try environment.publisher()
        var routes = RequestRouter()
        routes.on(Heartbeat.self) { beat, _ in beat }
        environment.serve(routes)
        environment.reportCounters { ["published": 3] }
        return [Emitter(publisher: publisher)]
    }

    struct Emitter: Service {
        let publisher: any MessagePublisher
        func run() async throws {
            for n in 1...3 {
                try publisher.publish(Alert(
                    id: "tick-\(n)", severity: .info, kind: "tick", source: ServiceName(unchecked: "source"), title: "tick \(n)", message: "",
                    time: Timestamp(nanoseconds: Int64(n))
                ), topic: "tick.\(n)")
            }
            try? await gracefulShutdown()
        }
    }
}

/// A sink: takes the source's `tick.` stream and asks it for its status.
enum Sink: ServiceComponent {
    static let descriptor = ServiceDescriptor(
        kind: "sink", summary: "test sink", binds: [], peers: [BusPeer("source", .pub), BusPeer("source", .rep)]
    )
    static let heard = Mutex<[String]>([])
    static let status = Mutex<ServiceStatus?>(nil)

    static func build(in environment: ServiceEnvironment) throws -> [any Service] {
        [Listener(stream: try environment.subscribe(to: "source", topics: ["tick."]), control: try environment.requester(to: "source"))]
    }

    struct Listener: Service {
        let stream: any MessageSubscription
        let control: any RequestClient
        func run() async throws {
            let status = try await control.request(ControlRequest(command: .status), expecting: ServiceStatus.self)
            Sink.status.withLock { $0 = status }
            for await message in stream.messages {
                Sink.heard.withLock { $0.append(message.topic) }
                if Sink.heard.withLock({ $0.count }) == 3 { break }
            }
            await stream.close()
            try? await gracefulShutdown()
        }
    }
}

/// Several components in one process over the in-process transport: each
/// gets its own publisher, control endpoint and scoped readiness, and they
/// find each other by service name, with no endpoint configured.
@Suite(.serialized) struct ComponentHostTests {
    static let catalogue = ServiceCatalogue([SupervisorStub.self, Source.self, Sink.self])

    @Test func componentsInOneProcessTalkByName() async throws {
        // The sink subscribes before the source publishes: it is built first.
        let yaml = """
            arena: {name: components}
            services:
              supervisor: {pub: "tcp://127.0.0.1:7100", rep: "tcp://127.0.0.1:7200", http_port: 0}
              source: {pub: "tcp://127.0.0.1:7101", rep: "tcp://127.0.0.1:7201", http_port: 0}
              sink: {http_port: 0}
            store: {url: "sqlite::memory:"}
            """
        let config = try ArenaConfig.parse(yaml: yaml, catalogue: Self.catalogue)
        let host = try ServiceHost(hosting: [Sink.self, Source.self], as: .supervisor, config: config, transport: .inProcess(nil), logOutput: Fixtures.silent)
        #expect(Set(host.environments.keys) == ["sink", "source"])
        try await withRunningServices([host]) {
            try await waitUntil { Sink.heard.withLock { $0.count } == 3 }
            try await waitUntil { host.context.readiness.isReady }
        }
        #expect(Sink.heard.withLock { $0 } == ["tick.1", "tick.2", "tick.3"])
        let status = try #require(Sink.status.withLock { $0 })
        #expect(status.service == ServiceName(unchecked: "source") && status.counters == ["published": 3])
        // Each component's checks are its own, under its name.
        let names = host.context.readiness.report().checks.map(\.name)
        #expect(names.contains("source.bus") && names.contains("sink.bus") && names.contains("lifecycle"))
        #expect(host.environments["source"]?.context.readiness.report().checks.map(\.name) == ["source.bus"])
    }

    @Test func aComponentWithoutAPubHasNoPublisherAndNoStoreWithoutTables() async throws {
        let config = try Fixtures.config()
        let host = try ServiceHost(hosting: [ScorerStub.self], config: config, transport: .inProcess(nil), logOutput: Fixtures.silent)
        let environment = try #require(host.environments[.scorer])
        #expect(throws: ConfigError.self) { try environment.publisher() }
        await #expect(throws: NoStoreError.self) { _ = try await environment.store.value() }
        #expect(try environment.addresses.address(.features, .router) == "features.router")
    }
}
