import ArenaRuntime
import Models
import ScorerService
import ServiceLifecycle

/// The real scorer component with the test-support model kinds added to the
/// product's (`arena-testkit scorer`): every job still goes through the
/// product's worker, runner and limits.
public enum TestScorerComponent: ServiceComponent {
    /// The product kinds and ``IOProbeModel``.
    public static let catalog = ModelCatalog(ArenaModels.kinds + [IOProbeModel.self])

    public static let descriptor = ScorerComponent.descriptor

    public static func build(in environment: ServiceEnvironment) throws -> [any Service] {
        try ScorerComponent.build(in: environment, catalog: catalog)
    }
}
