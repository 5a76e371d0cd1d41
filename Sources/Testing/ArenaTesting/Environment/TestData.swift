import Foundation

/// Where the tests find the repository and the data beside it.
public enum TestData {
    /// The repository checkout (this file is `<repo>/Sources/Testing/ArenaTesting/Environment/TestData.swift`).
    public static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Environment
        .deletingLastPathComponent()  // ArenaTesting
        .deletingLastPathComponent()  // Testing
        .deletingLastPathComponent()  // Sources
        .deletingLastPathComponent()

    /// The bundled samples, `<repo>/data/samples`.
    public static let samples = repository.appendingPathComponent("data/samples")

    /// The debug build's products (`arena`, `arena-testkit`, the services), `<repo>/.build/debug`.
    public static let debugBuild = repository.appendingPathComponent(".build/debug")

    /// The shared data set, `shared/data/raw` beside the checkout.
    public static let sharedRaw = repository.deletingLastPathComponent().appendingPathComponent("shared/data/raw")
}
