import Agents
import ArenaCore
import Arena
import ArenaRuntime
import ArenaStore
import FeaturesService
import Foundation
import GatewayService
import Models
import ScorerService
import Testing

/// The catalogue is the one list of services: the default configuration
/// is checked against it, each entry has its executable, and what each
/// service declares (sockets, sections, tables) holds together.
@Suite struct CatalogueTests {
    static let repo = ReplayAgreementTests.repo

    @Test func theDefaultFileLoadsAndFollowsThePortPlan() throws {
        let config = try ArenaConfig.load(
            path: Self.repo.appendingPathComponent("config/arena.yaml").path, environment: [:], catalogue: ArenaCatalogue.catalogue
        )
        #expect(config.arena.mode == .paper && config.arena.tradingEnabled == false)
        #expect(config.store.url == .sqlite(path: "var/arena.sqlite"))
        // One digit per service: PUB 71x, REP 72x, ROUTER 73x, HTTP 91x.
        let digits: [ServiceKind: Int] = [.supervisor: 0, .gateway: 1, .features: 2, .scorer: 3, "risk": 4, "oms": 5, "reporter": 6, "alerter": 7]
        #expect(Set(config.services.names) == Set(digits.keys))
        for (kind, digit) in digits {
            let section = try #require(config.services[kind])
            #expect(section.httpPort == 9100 + digit)
            #expect(section.pub.map { $0.tcpPort == 7100 + digit } ?? true, "\(kind)")
            #expect(section.rep.map { $0.tcpPort == 7200 + digit } ?? true, "\(kind)")
            #expect(section.router.map { $0.tcpPort == 7300 + digit } ?? true, "\(kind)")
        }
        #expect(try config.section(MarketConfig.self).replay.waitFor == [.features])
        // Every model kind is on the roster; the three that need a perpetual or a trade feed are off on the bundled spot
        // klines, and the LLM agents, which need a provider's key.
        let models = try config.section(ModelsConfig.self).models
        #expect(Set(models.map(\.kind)) == Set(ArenaCatalog.checking.names))
        let off = ["funding_rate_arbitrage", "orderflow_v51", "orderflow_v52", "gpt_agent", "claude_agent", "gemini_vote", "llm_allocator"]
        #expect(models.filter { !$0.enabled }.map(\.id.value) == off)
        #expect(try RosterPlan(config).roster.models.count == models.count - off.count)
        // The agents' parameters check out, though they are off.
        for entry in models where entry.kind == "llm" {
            let spec = ModelSpec(id: entry.id, kind: entry.kind, version: entry.version, parameters: entry.parameters, configHash: "")
            #expect(throws: Never.self) { try ArenaCatalog.checking.model(spec) }
        }
    }

    @Test func everyServiceHasItsExecutableAndItsOwnTables() throws {
        let descriptors = ArenaCatalogue.services.map { $0.descriptor }
        #expect(Set(descriptors.map(\.kind)).count == descriptors.count, "names are unique")
        let manifest = try String(contentsOf: Self.repo.appendingPathComponent("Package.swift"), encoding: .utf8)
        for descriptor in descriptors {
            #expect(manifest.contains("name: \"arena-\(descriptor.kind)\""), "an executable arena-\(descriptor.kind)")
            // The audit log is the one table several services may write (ADR 0006); each migrates it.
            for schema in descriptor.schemas where schema.name != ServiceSchema.audit.name {
                #expect(schema.name == descriptor.kind.rawValue, "a service's tables carry its name")
                #expect(schema.validate() == [], "\(schema)")
            }
        }
        // The supervisor migrates every service's tables and the audit log.
        #expect(SupervisorComponent.descriptor.schemas.map(\.name) == descriptors.flatMap(\.schemas).map(\.name).filter { $0 != "audit" } + ["audit"])
    }

    @Test func aTypoInAnyServicesSectionStopsEveryService() {
        let path = Self.repo.appendingPathComponent("config/arena.yaml").path
        #expect {
            try ArenaConfig.load(path: path, environment: ["ARENA_FEATURES__TICK_SECNDS": "60"], catalogue: ArenaCatalogue.catalogue)
        } throws: { "\($0)".contains("features.tick_secnds") }
        #expect {
            try ArenaConfig.load(path: path, environment: ["ARENA_MARKET__REPLAY__WAIT_FOR": "[featurs]"], catalogue: ArenaCatalogue.catalogue)
        } throws: { "\($0)".contains("market.replay.wait_for[0]") }
    }
}
