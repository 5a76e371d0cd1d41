/// The model file a learned model's decision was made with (since 2.2): its
/// path as configured and the SHA-256 of its bytes. With several scorers
/// each decision says which file it ran, so a pool running mixed files shows.
public struct ModelFileStamp: Sendable, Hashable, Codable {
    /// The path as the roster entry gives it (`config/models/mlp-5m.json`).
    public var path: String
    /// Lower-case hex SHA-256 of the file's bytes.
    public var sha256: String

    public init(path: String, sha256: String) {
        self.path = path
        self.sha256 = sha256
    }
}
