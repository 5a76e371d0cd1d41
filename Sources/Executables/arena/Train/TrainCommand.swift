import ArgumentParser

/// `arena train`: makes learned models (spec §5, kind 4) from bar history.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a learned model from bar history, or export the training rows.",
        discussion: "docs/training.md describes the data, the split, the metrics and the model selection.",
        subcommands: [TrainMLPCommand.self, TrainFeaturesCommand.self, TrainDemonstrationsCommand.self, TrainDiffusionCommand.self]
    )
}
