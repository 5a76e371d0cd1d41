import Agents
import ArenaCore
import ArenaRuntime
import Features
import Foundation
import Models

/// The roster checked against the market, and what the feature engine must
/// compute for it (spec §5: "each model declares the market data it needs;
/// the feature engine computes the union of the roster's needs").
///
/// Every model is built from its spec by the scorer's catalogue, so an
/// unknown kind, an unknown or ill-typed parameter, an inconsistent one or a
/// need the market cannot meet (order flow without a trade feed, funding on
/// spot, indicators on another timeframe) is refused here, at start and by
/// `arena config check`, naming the key.
public struct RosterPlan: Sendable {
    /// The checked models in roster order.
    public let roster: CheckedRoster
    /// The configured indicator list with every model's missing items appended.
    public let indicators: String
    /// Indicator-timeframe bars and funding settlements each snapshot carries.
    public let barHistory: Int
    public let fundingHistory: Int

    /// The plan for `models` on `universe` with `features`; the error names the key.
    public init(models: ModelRoster, universe: UniverseConfig, features: FeaturesConfig, catalog: ModelCatalog = ArenaCatalog.checking) throws(ConfigError) {
        let market = MarketCapabilities(kind: universe.kind, indicatorTimeframe: features.indicatorTimeframe, hasTrades: universe.tradeFeed)
        do { roster = try CheckedRoster(models.models, catalog: catalog, market: market) } catch {
            // The problem's index counts enabled models; the key names the entry in the file.
            let index = models.fileIndices.indices.contains(error.index) ? models.fileIndices[error.index] : error.index
            throw .invalid(key: "models[\(index)].\(error.error.key)", value: error.model.value, reason: "\(error.error)")
        }
        var items = features.indicators.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        var columns = Set<String>()
        for item in items { columns.formUnion((try? IndicatorSpec.parse(item).columns) ?? []) }
        for item in roster.needs.indicators {
            // Needs were parsed when checked; an item whose columns are all computed already adds nothing.
            guard let spec = try? IndicatorSpec.parse(item), !spec.columns.allSatisfy(columns.contains) else { continue }
            items.append(item)
            columns.formUnion(spec.columns)
        }
        indicators = items.joined(separator: ",")
        barHistory = roster.needs.bars
        fundingHistory = roster.needs.fundingHistory
    }

    /// The plan of a loaded configuration, its models built by `catalog` (by default agents that
    /// can be checked but not run: a backtest passes one whose agents call providers or replay replies).
    public init(_ config: ArenaConfig, catalog: ModelCatalog = ArenaCatalog.checking) throws(ConfigError) {
        let models = try config.section(ModelsConfig.self)
        let roster: ModelRoster
        do { roster = try ModelRoster(models) } catch {
            throw .invalid(key: "models", value: "\(models.models.count) models", reason: "\(error)")
        }
        try self.init(
            models: roster, universe: try config.section(UniverseConfig.self), features: try config.section(FeaturesConfig.self), catalog: catalog
        )
    }

    /// Models whose decisions feed others (ensemble members) are decided in
    /// the first phase of a round, the ensembles in the second.
    public var phases: [[ModelSpec]] {
        let first = roster.models.filter { $0.model.members.isEmpty }.map(\.spec)
        let second = roster.models.filter { !$0.model.members.isEmpty }.map(\.spec)
        return second.isEmpty ? [first] : [first, second]
    }

    /// The members of `model` (empty for all but ensembles).
    public func members(of model: ModelID) -> [ModelID] {
        roster.models.first { $0.spec.id == model }?.model.members ?? []
    }
}
