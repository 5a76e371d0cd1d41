// The alerter (spec §9): alert.* from every service and its own heartbeat watch, persisted
// before it is sent, to the Discord webhooks and Telegram chats of config/arena.yaml
// (`alerter`, `services.alerter`) or of the file named by ARENA_CONFIG.
import AlerterService
import Arena
import ArenaRuntime
import Foundation

exit(await ServiceHost.launch([AlerterComponent.self], catalogue: ArenaCatalogue.catalogue))
