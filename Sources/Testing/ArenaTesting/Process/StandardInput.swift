import Foundation

/// This process's standard input, as the test stand-ins (`arena-testkit`) use
/// it: they serve until the test that started them closes it (or dies).
public enum StandardInput {
    /// Returns once standard input has ended, discarding whatever arrives
    /// meanwhile; the reads block a thread of their own, not the caller's.
    public static func closed() async {
        _ = await PipeReader.start(FileHandle.standardInput) { _ in }.finished()
    }
}
