// The OMS (spec §7): orders, the paper venue and per-model ledgers, journaled
// before anything is acknowledged; configured by config/arena.yaml
// (`execution`, `services.oms`) or the file named by ARENA_CONFIG.
import Arena
import ArenaRuntime
import Foundation
import OMSService

exit(await ServiceHost.launch([OMSComponent.self], catalogue: ArenaCatalogue.catalogue))
