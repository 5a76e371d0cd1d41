import ArenaRuntime
import Foundation

/// A configuration written for a test, its `services` section generated
/// from a catalogue: every service of the catalogue, and every peer they
/// name, gets the sockets it binds or that others connect to, each on its
/// own loopback port, and a health port of 0. Adding a service to the
/// catalogue changes no test fixture.
public struct TestArenaConfig: Sendable {
    /// How bus ports are chosen.
    public enum Ports: Sendable {
        /// Free ports from the kernel (for tests that bind them).
        case free
        /// Consecutive ports from `base` (for tests that only parse).
        case consecutive(from: Int)
        /// The local run's port plan (`config/arena.yaml`): one digit per
        /// service, PUB 71x0+digit, REP 72x0+digit, ROUTER 73x0+digit.
        case plan([ServiceKind: Int])
    }

    /// Every endpoint by `<service>.<role>` (`gateway.pub` → `tcp://127.0.0.1:40123`).
    public let endpoints: [String: String]
    /// The whole file.
    public let yaml: String

    /// A configuration named `name` on `store` for `catalogue`; `sections` is
    /// further top-level YAML (the services' own sections, `bus`, `logging`).
    public init(catalogue: ServiceCatalogue, name: String = "test", store: String = "sqlite::memory:", ports: Ports = .free, sections: String = "") {
        var sockets: [ServiceKind: Set<BusSocketRole>] = [:]
        for descriptor in catalogue.descriptors {
            sockets[descriptor.kind, default: []].formUnion(descriptor.binds)
            for peer in descriptor.peers { sockets[peer.service, default: []].insert(peer.role) }
        }
        let names = sockets.keys.sorted()
        let count = sockets.values.reduce(0) { $0 + $1.count }
        var numbers: [Int]
        switch ports {
        case .free: numbers = FreePort.distinct(count)
        case let .consecutive(base): numbers = Array(base..<(base + count))
        case .plan: numbers = []
        }
        func port(_ kind: ServiceKind, _ role: BusSocketRole) -> Int {
            guard case let .plan(digits) = ports else { return numbers.removeFirst() }
            let base = [BusSocketRole.pub: 7100, .rep: 7200, .router: 7300][role] ?? 7000
            return base + (digits[kind] ?? 90)
        }
        var endpoints: [String: String] = [:]
        var lines = ["arena: {name: \(name)}", "services:"]
        for kind in names {
            var fields: [String] = []
            for role in BusSocketRole.allCases where sockets[kind]?.contains(role) == true {
                let endpoint = "tcp://127.0.0.1:\(port(kind, role))"
                endpoints["\(kind).\(role.rawValue)"] = endpoint
                fields.append("\(role.rawValue): \"\(endpoint)\"")
            }
            lines.append("  \(kind): {\((fields + ["http_port: 0"]).joined(separator: ", "))}")
        }
        lines.append("store: {url: \"\(store)\"}")
        // The dashboard's port (8080 by default) would collide between tests run at once.
        if catalogue.sections.contains(where: { $0.key == "reporter" }), !sections.hasPrefix("reporter:"), !sections.contains("\nreporter:") {
            lines.append("reporter: {port: 0}")
        }
        self.endpoints = endpoints
        self.yaml = (lines + [sections]).joined(separator: "\n") + "\n"
    }

    /// The endpoint of `service`'s `role` socket.
    ///
    /// - Throws: ``ConfigError/missing(key:)`` when no service of the catalogue binds or uses it.
    public func endpoint(_ service: ServiceKind, _ role: BusSocketRole) throws(ConfigError) -> String {
        guard let endpoint = endpoints["\(service).\(role.rawValue)"] else { throw .missing(key: "services.\(service).\(role.rawValue)") }
        return endpoint
    }

    /// Writes the file as `arena.yaml` in `folder` and returns its path.
    public func write(in folder: URL) throws -> String {
        let path = folder.appendingPathComponent("arena.yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

extension String {
    /// The text indented by `spaces`, for nesting YAML blocks.
    public func indented(by spaces: Int = 2) -> String {
        split(separator: "\n", omittingEmptySubsequences: false).map { String(repeating: " ", count: spaces) + $0 }.joined(separator: "\n")
    }
}
