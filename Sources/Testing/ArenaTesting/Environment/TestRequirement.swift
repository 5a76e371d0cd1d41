import Foundation
import Testing

/// Something a test needs from the machine it runs on: a data set beside the
/// checkout, a server, a tool.
///
/// A developer's machine may lack it, and the test is then skipped with a
/// note (`.requires(…)`); CI must not (`CI` is set there, see `.ci/run`), so
/// there a missing requirement fails the test instead of letting a whole
/// suite pass by not running.
public struct TestRequirement: Sendable {
    /// What is needed, as the skip note and the failure name it ("the shared data set in …").
    public let what: String
    private let check: @Sendable () -> Bool

    /// A requirement described by `what`, met when `check` returns true.
    public init(_ what: String, _ check: @escaping @Sendable () -> Bool) {
        self.what = what
        self.check = check
    }

    /// Whether the requirement is met now.
    public var isMet: Bool { check() }

    /// Whether a test may skip for want of it: it is not met, and this is not CI.
    public var allowsSkipping: Bool { !isMet && !Self.isCI }

    /// True when the environment variable `CI` is set to anything but empty, `0` or `false`.
    public static var isCI: Bool {
        guard let value = ProcessInfo.processInfo.environment["CI"]?.lowercased() else { return false }
        return !["", "0", "false", "no"].contains(value)
    }

    /// The test's verdict: run (true), skip (false), or fail (throws, under CI).
    func evaluate() throws(RequirementMissing) -> Bool {
        if isMet { return true }
        if Self.isCI { throw RequirementMissing(what: what) }
        return false
    }
}

/// Under CI, a test's requirement is missing: the test fails with this error.
public struct RequirementMissing: Error, CustomStringConvertible {
    /// What was needed.
    public let what: String

    /// Names the requirement and why its absence fails rather than skips.
    public var description: String { "needs \(what), which is not available; CI is set, so the test fails instead of being skipped" }
}

extension TestRequirement {
    /// A file or directory at `url`.
    public static func file(_ url: URL, _ what: String) -> TestRequirement {
        TestRequirement("\(what) (\(url.path))") { FileManager.default.fileExists(atPath: url.path) }
    }

    /// An executable at `path`.
    public static func executable(_ path: String) -> TestRequirement {
        TestRequirement(path) { FileManager.default.isExecutableFile(atPath: path) }
    }

    /// A folder of the shared data set beside the checkout (``TestData/sharedRaw``).
    public static func sharedData(_ folder: String) -> TestRequirement {
        file(TestData.sharedRaw.appendingPathComponent(folder), "the shared data set")
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs the test (or suite) when `requirement` is met; otherwise skips it,
    /// except under CI, where it fails (see ``TestRequirement``).
    public static func requires(_ requirement: TestRequirement, sourceLocation: SourceLocation = #_sourceLocation) -> Self {
        .enabled(Comment(rawValue: "needs \(requirement.what)"), sourceLocation: sourceLocation) { try requirement.evaluate() }
    }
}
