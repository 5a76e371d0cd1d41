// The market gateway service (spec §3): `arena-gateway [--config PATH]`,
// configured by config/arena.yaml (`market`, `services.gateway`, `store`).
import ArenaRuntime
import Foundation
import Gateway

do {
    let config = try ArenaConfig.load(path: ArenaConfig.path())
    let host = try GatewayApp.host(config: config)
    try await host.runService()
} catch {
    FileHandle.standardError.write(Data("arena-gateway: \(error)\n".utf8))
    exit(1)
}
