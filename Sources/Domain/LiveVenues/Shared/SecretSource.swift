import Foundation

/// Where a venue credential comes from: an environment variable, or a mounted file named by
/// `<NAME>_FILE` (a file wins over a variable). Shared by the venues' credential loaders;
/// errors name the variable or the file, never a value (SPEC §11).
enum SecretSource {
    /// The text of `name` (without surrounding whitespace trimmed: the credential's initialiser trims).
    static func value(_ name: String, environment: [String: String]) throws(CredentialsError) -> String {
        if let path = environment[name + "_FILE"], !path.isEmpty {
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw .unreadableFile(path)
            }
            return text
        }
        guard let text = environment[name], !text.isEmpty else { throw .missing(name) }
        return text
    }

    /// `text` without surrounding whitespace; `.missing(what)` when nothing is left.
    static func required(_ text: String, _ what: String) throws(CredentialsError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .missing(what) }
        return trimmed
    }
}
