// The risk guard (spec §6): judges every decision before it becomes an order,
// watches the ledgers, halts and flattens; configured by config/arena.yaml
// (`risk`, `services.risk`) or the file named by ARENA_CONFIG.
import Arena
import ArenaRuntime
import Foundation
import RiskService

exit(await ServiceHost.launch([RiskComponent.self], catalogue: ArenaCatalogue.catalogue))
