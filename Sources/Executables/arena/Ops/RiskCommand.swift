import Arena
import ArenaBus
import ArenaCore
import ArenaRuntime
import ArgumentParser
import Foundation

/// `arena risk …`: an operator's requests to the running risk guard
/// (`TradingControl` on its REP socket, journaled and signed with the
/// operator's name). Closing orders always pass whatever the state.
struct RiskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "risk",
        abstract: "Show or set trading states, flatten, or pull the kill switch.",
        subcommands: [Status.self, SetState.self, Kill.self, Flatten.self]
    )

    struct Target: ParsableArguments {
        @Option(help: "The configuration file (default: $ARENA_CONFIG or config/arena.yaml).")
        var config: String?
        @Option(help: "The model; without it, the whole arena.")
        var model: String?
        @Option(help: "Who asks (recorded with the change).")
        var operatorName: String = ProcessInfo.processInfo.environment["USER"] ?? "operator"
        @Option(help: "Why (recorded with the change).")
        var reason: String = ""

        /// Sends `command` and prints every state after it.
        func send(_ command: TradingControl.Command, state: TradingState? = nil) async throws {
            let loaded = try ArenaConfig.load(path: config ?? ArenaConfig.path(), catalogue: ArenaCatalogue.catalogue)
            let address = try BusAddressBook.endpoints(loaded.services).address("risk", .rep)
            let transport = ZeroMQTransport(settings: try BusSettings.settings(loaded.bus))
            let requester = try transport.requester(service: ServiceName("operator"), connect: address)
            let model = try model.map { try ModelID($0) }
            let request = TradingControl(
                requestID: "op-\(UUID().uuidString.prefix(8))", command: command, modelID: model, state: state,
                operatorName: operatorName, reason: reason
            )
            let reply = try await requester.request(request, expecting: TradingControlReply.self)
            await requester.close()
            print(reply.applied || command == .status ? "ok: \(reply.message)" : "refused: \(reply.message)")
            for entry in reply.states {
                let until = entry.until.map { " until \($0)" } ?? ""
                print("  \(entry.modelID?.value ?? "(arena)")  \(entry.state.rawValue)\(until)  \(entry.reason)")
            }
            if !reply.applied && command != .status { throw ExitCode(1) }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print every trading state.")
        @OptionGroup var target: Target
        func run() async throws { try await target.send(.status) }
    }

    struct SetState: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "Set a model's (or the arena's) state: active, reducing or halted.")
        @OptionGroup var target: Target
        @Argument(help: "active | reducing | halted") var state: String
        func run() async throws {
            guard let value = TradingState(rawValue: state.uppercased()) else { throw ValidationError("state must be active, reducing or halted") }
            try await target.send(.setState, state: value)
        }
    }

    struct Kill: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Kill switch: flatten and halt a model, or every model and the arena.")
        @OptionGroup var target: Target
        func run() async throws { try await target.send(.killSwitch) }
    }

    struct Flatten: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close a model's (or every model's) positions without changing states.")
        @OptionGroup var target: Target
        func run() async throws { try await target.send(.flatten) }
    }
}
