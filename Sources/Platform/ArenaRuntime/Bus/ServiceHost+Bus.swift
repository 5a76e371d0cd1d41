import ArenaBus
import ArenaCore

extension ServiceHost {
    /// Gives the service its presence on the bus: a publisher on its `pub`
    /// endpoint carrying heartbeats (and returned for the service's own
    /// streams), and the control endpoint on `rep` when it binds one.
    /// The `bus` readiness check turns ready once both are bound. `routes`
    /// serves the service's own requests on the control endpoint.
    @discardableResult
    public mutating func addBusPresence(
        counters: @escaping @Sendable () -> [String: Int64] = { [:] }, routes: RequestRouter = RequestRouter()
    ) throws -> Publisher {
        let settings = try BusSettings(context.config.bus)
        let section = context.serviceConfig
        guard let pub = section.pub else {
            throw ConfigError.missing(key: "services.\(context.service).pub")
        }
        let name = ServiceName(unchecked: context.service.rawValue)
        let check = try context.readiness.register("bus", reason: "binding bus sockets")
        let publisher = try Publisher(
            service: name, bind: [pub.description],
            options: Publisher.Options(socket: settings.socket, curve: settings.curveServer, codec: settings.codec)
        )
        addServices(HeartbeatPublisher(context: context, publisher: publisher, interval: settings.heartbeatInterval))
        if let rep = section.rep {
            let responder = try ControlResponder(
                context: context, bind: [rep.description],
                options: Replier.Options(socket: settings.socket, curve: settings.curveServer, codec: settings.codec),
                instance: String(publisher.instance, radix: 16), counters: counters, routes: routes
            )
            addServices(responder)
            context.logger.info("bus bound", metadata: ["pub": "\(publisher.endpoints)", "rep": "\(responder.endpoints)"])
        } else {
            context.logger.info("bus bound", metadata: ["pub": "\(publisher.endpoints)"])
        }
        check.markReady()
        return publisher
    }
}
