import ServiceLifecycle

/// One service of the arena as a component: a descriptor, and a way to build
/// its parts on an environment that gives it the transport, the store and
/// its configuration.
///
/// The same component runs alone in its own process over ZeroMQ (its
/// executable), or with the others in one process over the in-process
/// transport (the single-process run, the backtest, fast tests): it never
/// knows which. The composition module's catalogue lists every component.
public protocol ServiceComponent {
    /// What the service is: name, sockets, sections, tables.
    static var descriptor: ServiceDescriptor { get }

    /// Builds the service's parts on `environment`, in start order. Runs
    /// before anything starts: configuration problems are thrown here as
    /// ``ConfigError``s naming the key; sockets are bound here.
    static func build(in environment: ServiceEnvironment) throws -> [any Service]

    /// Problems that only show across sections (a model's needs against the
    /// market), each naming its key. Run whenever a configuration is loaded
    /// for a catalogue that holds the service: at start and by `arena config check`.
    static func crossCheck(_ config: ArenaConfig) -> [ConfigError]
}

extension ServiceComponent {
    /// No cross-section rules.
    public static func crossCheck(_ config: ArenaConfig) -> [ConfigError] { [] }
}

/// The services of a deployment: which exist, what each reads and owns.
public struct ServiceCatalogue: Sendable {
    /// The components, in start order.
    public let components: [any ServiceComponent.Type]

    /// A catalogue of `components`.
    public init(_ components: [any ServiceComponent.Type]) {
        self.components = components
    }

    /// Every component's descriptor, in order.
    public var descriptors: [ServiceDescriptor] { components.map { $0.descriptor } }

    /// The component named `kind`.
    public func component(_ kind: ServiceKind) -> (any ServiceComponent.Type)? {
        components.first { $0.descriptor.kind == kind }
    }

    /// Every section type any component reads, each once.
    public var sections: [any ConfigSection.Type] {
        var seen: Set<ObjectIdentifier> = []
        return descriptors.flatMap(\.sections).filter { seen.insert(ObjectIdentifier($0)).inserted }
    }

    /// The catalogue with `others` added (test stand-ins for services not built yet).
    public func adding(_ others: [any ServiceComponent.Type]) -> ServiceCatalogue {
        ServiceCatalogue(components + others)
    }
}
