// The market gateway service (spec §3), configured by config/arena.yaml
// (`market`, `services.gateway`, `store`) or the file named by ARENA_CONFIG.
import Arena
import ArenaRuntime
import Foundation
import GatewayService

exit(await ServiceHost.launch([GatewayComponent.self], catalogue: ArenaCatalogue.catalogue))
