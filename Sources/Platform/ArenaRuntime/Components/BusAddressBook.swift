/// Where each service's sockets are, for one transport: the configured
/// endpoints for ZeroMQ, names derived from the service for the in-process
/// transport (which needs no configuration).
public struct BusAddressBook: Sendable {
    private enum Source: Sendable {
        case endpoints(ServicesConfig)
        case inProcess
    }

    private let source: Source

    /// The endpoints of `services` (`services.<name>.<role>` in the configuration).
    public static func endpoints(_ services: ServicesConfig) -> BusAddressBook { BusAddressBook(source: .endpoints(services)) }

    /// In-process names: `<service>.<role>`.
    public static let inProcess = BusAddressBook(source: .inProcess)

    /// The address of `service`'s `role` socket.
    ///
    /// - Throws: ``ConfigError/missing(key:)`` naming `services.<service>.<role>` when the configuration has none.
    public func address(_ service: ServiceKind, _ role: BusSocketRole) throws(ConfigError) -> String {
        switch source {
        case .inProcess:
            return "\(service).\(role.rawValue)"
        case let .endpoints(services):
            guard let endpoint = services[service]?.endpoint(role) else {
                throw .missing(key: "services.\(service).\(role.rawValue)")
            }
            return endpoint.description
        }
    }
}
