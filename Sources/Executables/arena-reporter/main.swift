// The reporter (spec §8): NAV, metrics, the leaderboard, audit replay, reports, the dashboard and
// the HTTP API; configured by config/arena.yaml (`reporter`, `services.reporter`) or the file named
// by ARENA_CONFIG.
import Arena
import ArenaRuntime
import Foundation
import ReporterService

exit(await ServiceHost.launch([ReporterComponent.self], catalogue: ArenaCatalogue.catalogue))
