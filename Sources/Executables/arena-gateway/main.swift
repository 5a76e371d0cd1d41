// The market gateway service (spec §3), configured by config/arena.yaml
// (`market`, `services.gateway`, `store`) or the file named by ARENA_CONFIG.
import ArenaRuntime
import Foundation
import GatewayService

exit(await ServiceHost.launch(.gateway) { host in try GatewayApp.configure(&host) })
