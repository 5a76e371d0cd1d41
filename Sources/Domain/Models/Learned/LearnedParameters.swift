extension ParameterSpec {
    /// The model file of a learned kind, described in `doc`.
    static func modelFile(_ doc: String) -> ParameterSpec {
        ParameterSpec("file", .text(maxLength: 512), default: nil, "the model file (\(doc)), reloaded when it changes")
    }

    /// The SHA-256 pin of a learned kind's file, set by the arena clock.
    static let modelFilePin = ParameterSpec(
        MLPPolicy.pinParameter, .text(maxLength: 64), default: MLPPolicy.unpinned,
        "set by the arena clock: the SHA-256 of the file the round uses (not for the operator)"
    )
}
