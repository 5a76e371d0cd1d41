/// Every model kind the arena runs, by `kind` (spec §5): the catalogue the
/// scorer builds models from and the feature engine checks the roster with.
public enum ArenaModels {
    /// The kinds, grouped as spec §5 lists them.
    public static let kinds: [any TradingModel.Type] = RuleStrategies.all + OrderFlowModels.all + [RegimeAllocator.self, Ensemble.self, BuyAndHold.self, AllCash.self, EMACrossStrategy.self]

    /// The catalogue of ``kinds``.
    public static let catalog = ModelCatalog(kinds)
}
