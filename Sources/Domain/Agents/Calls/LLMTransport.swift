import ArenaCore
import Foundation

/// Sends one HTTP request and returns the response, within `timeout`. The
/// scorer gives agents one over AsyncHTTPClient; nothing here does I/O itself.
public protocol LLMTransport: Sendable {
    /// The response to `request`; ``ProviderError/timedOut`` when none came within `timeout`,
    /// ``ProviderError/transport(_:)`` when it could not be sent or read.
    func send(_ request: HTTPRequestSpec, timeout: Duration) async throws(ProviderError) -> HTTPResponseSpec
}

/// Where an agent's API key comes from: an environment variable or a mounted
/// file (a Docker or Kubernetes secret). The key is read when a call is made,
/// so a rotated file takes effect without a restart; it is never logged.
public struct SecretSource: Sendable {
    private let environment: @Sendable (String) -> String?
    private let readFile: @Sendable (String) -> String?

    /// Reads the process environment and the file system.
    public static let process = SecretSource(
        environment: { ProcessInfo.processInfo.environment[$0] },
        readFile: { path in (try? String(contentsOfFile: path, encoding: .utf8)) }
    )

    /// A source over fixed values (tests).
    public init(environment: @escaping @Sendable (String) -> String?, readFile: @escaping @Sendable (String) -> String?) {
        self.environment = environment
        self.readFile = readFile
    }

    /// Where one agent's key is.
    public enum Location: Sendable, Hashable, CustomStringConvertible {
        /// No key: local servers (llama.cpp, vLLM, Ollama) that ask for none.
        case none
        case environment(String)
        case file(String)

        public var description: String {
            switch self {
            case .none: "no key"
            case .environment(let name): "environment variable \(name)"
            case .file(let path): "file \(path)"
            }
        }
    }

    /// The key at `location` (trimmed; "" for ``Location/none``), or nil when it is missing or empty.
    /// A file is read off the cooperative pool.
    public func key(at location: Location) async -> String? {
        let raw: String?
        switch location {
        case .none: return ""
        case .environment(let name): raw = environment(name)
        case .file(let path): raw = await OffPool.run { [readFile] in readFile(path) }
        }
        guard let key = raw?.trimmingCharacters(in: .whitespacesAndNewlines), !key.isEmpty else { return nil }
        return key
    }
}
