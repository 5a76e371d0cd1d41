import ArgumentParser

/// The `arena` command-line tool.
@main
struct Arena: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "arena",
        abstract: "Alpha Arena: several trading models, one market, one clock, one rule set.",
        version: "0.1.0",
        subcommands: [
            UpCommand.self, ProtoCommand.self, KeysCommand.self, ConfigCommand.self, BenchCommand.self, AuditCommand.self,
            BarsCommand.self, IndicatorsCommand.self, RiskCommand.self, MetricsCommand.self, OpenAPICommand.self, TrainCommand.self,
            ModelCommand.self, BacktestCommand.self,
        ]
    )
}
