import ArenaBus
import ArenaCore
import ServiceLifecycle

/// A hosted service's presence on the bus: its PUB socket (its streams and
/// its heartbeats on `hb.<name>`), bound before the service is built, and
/// its REP socket (`STATUS` plus the service's own requests), bound after,
/// once the service has said what it serves. The `bus` readiness check turns
/// ready once both are bound.
struct BusPresence {
    let context: HostContext
    let publisher: (any MessagePublisher)?
    private let descriptor: ServiceDescriptor
    private let transport: any BusTransport
    private let addresses: BusAddressBook
    private let check: ReadinessCheck
    private let heartbeatInterval: Duration

    init(context: HostContext, descriptor: ServiceDescriptor, transport: any BusTransport, addresses: BusAddressBook) throws {
        self.context = context
        self.descriptor = descriptor
        self.transport = transport
        self.addresses = addresses
        heartbeatInterval = .milliseconds(context.config.bus.heartbeatIntervalMs)
        check = try context.readiness.register("bus", reason: "binding bus sockets")
        if descriptor.binds.contains(.pub) {
            publisher = try transport.publisher(service: descriptor.kind.busName, bind: addresses.address(descriptor.kind, .pub))
        } else {
            publisher = nil
        }
    }

    /// The heartbeats and the control endpoint, with what `environment` serves on it.
    func services(serving environment: ServiceEnvironment) throws -> [any Service] {
        var services: [any Service] = []
        var bound: [String] = []
        if let publisher {
            services.append(HeartbeatPublisher(context: context, publisher: publisher, interval: heartbeatInterval))
            bound.append(try addresses.address(descriptor.kind, .pub))
        }
        if descriptor.binds.contains(.rep) {
            let address = try addresses.address(descriptor.kind, .rep)
            let served = environment.served
            services.append(try ControlResponder(
                context: context, transport: transport, bind: address, instance: String(publisher?.instance ?? 0, radix: 16),
                counters: served.counters, routes: served.routes
            ))
            bound.append(address)
        }
        context.logger.info("bus bound", metadata: ["addresses": "\(bound)"])
        check.markReady()
        return services
    }
}
