import ArenaCore
import Crypto
import Foundation
import Models

/// A model file as read from disk: the decoded model, and the path and SHA-256 of the bytes it came from.
public struct LoadedModelFile: Sendable, Hashable {
    public let file: ModelFile
    public let stamp: ModelFileStamp
}

/// Reads model files: the bytes, their SHA-256, and the checked model.
public enum ModelFileReader {
    /// The model at `path` (relative paths from the working directory), or why it cannot be used.
    public static func load(_ path: String) throws(ModelFileError) -> LoadedModelFile {
        let bytes = try read(path)
        return LoadedModelFile(file: try ModelFile.decode(bytes), stamp: ModelFileStamp(path: path, sha256: sha256(bytes)))
    }

    /// The SHA-256 of the file at `path` without decoding it.
    public static func hash(_ path: String) throws(ModelFileError) -> String { sha256(try read(path)) }

    /// Lower-case hex SHA-256 of `bytes`.
    public static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// Writes `file`'s canonical bytes to `path` through a temporary file and a rename, so a
    /// scorer watching `path` never reads half a model. Returns the bytes' SHA-256.
    @discardableResult
    public static func write(_ file: ModelFile, to path: String) throws(ModelFileError) -> String {
        let bytes = file.encoded()
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: temporary)
            // rename(2) replaces an existing file atomically; FileManager.replaceItemAt on Linux removed the old
            // file and then failed to move the new one in, leaving no file at all.
            guard rename(temporary.path, url.path) == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: String(cString: strerror(errno))]) }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw .unreadableFile(path: path, reason: "cannot write it: \(error.localizedDescription)")
        }
        return sha256(bytes)
    }

    static func read(_ path: String) throws(ModelFileError) -> [UInt8] {
        guard FileManager.default.fileExists(atPath: path) else { throw .unreadableFile(path: path, reason: "no such file") }
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadableFile(path: path, reason: "it cannot be read") }
        return [UInt8](data)
    }
}
