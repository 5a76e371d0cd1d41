import AlerterService
import ArenaRuntime
import FeaturesService
import GatewayService
import OMSService
import ReporterService
import RiskService
import ScorerService

/// The arena's catalogue of services: the one place that lists them.
///
/// Adding a service means a module under `Sources/Services` with its
/// component (its descriptor: name, sockets, configuration sections, tables),
/// its executable `arena-<name>`, and one entry here. The configuration is
/// checked against this list, `arena up` starts an executable per entry, and
/// the single-process run hosts every entry on the in-process transport.
public enum ArenaCatalogue {
    /// The services, in start order.
    public static let services: [any ServiceComponent.Type] = [
        GatewayComponent.self, FeaturesComponent.self, ScorerComponent.self, RiskComponent.self, OMSComponent.self, ReporterComponent.self,
        AlerterComponent.self,
    ]

    /// Everything a configuration is checked against: the supervisor and the services.
    public static let catalogue = ServiceCatalogue([SupervisorComponent.self] + services)
}
