// The feature engine and arena clock (spec §4), configured by
// config/arena.yaml (`features`, `models`, `market`, `services.features`) or
// the file named by ARENA_CONFIG.
import Arena
import ArenaRuntime
import FeaturesService
import Foundation

exit(await ServiceHost.launch([FeaturesComponent.self], catalogue: ArenaCatalogue.catalogue))
