// A scorer (spec §5): a stateless worker in the feature engine's job pool,
// configured by config/arena.yaml (`scorer`, `services.features.router`) or the
// file named by ARENA_CONFIG. Start as many as needed; they connect out.
import Arena
import ArenaRuntime
import Foundation
import ScorerService

exit(await ServiceHost.launch([ScorerComponent.self], catalogue: ArenaCatalogue.catalogue))
