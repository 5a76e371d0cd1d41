import ArgumentParser

/// `arena train`: makes learned models (spec §5, kind 4) from bar history.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a learned model from bar history, or export the training rows.",
        subcommands: [TrainDemonstrationsCommand.self, TrainDiffusionCommand.self]
    )
}
