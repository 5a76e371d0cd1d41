/// Why a model file cannot be used. A scorer that meets one keeps the model
/// it runs and raises an alert; at start it refuses the roster entry.
public enum ModelFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file cannot be read from disk.
    case unreadableFile(path: String, reason: String)
    /// Not JSON, truncated, or a field of the wrong type (the decoder's words and the field's path).
    case corrupt(String)
    /// Valid JSON that is not an Alpha Arena model file.
    case notAModelFile(format: String)
    /// A format version this build does not read.
    case unsupportedVersion(found: Int, supported: ClosedRange<Int>)
    /// A model kind this build does not run, or not the kind the roster entry asked for.
    case wrongKind(found: String, expected: String)
    /// A feature set or feature name this build does not compute.
    case unknownFeature(String)
    /// A normalisation statistic that is not finite, or a standard deviation that is not positive.
    case badScale(String)
    /// The layers do not chain from the features to the outputs.
    case shape(String)
    /// A weight or bias that is not finite.
    case nonFinite(String)
    /// Any other contradiction inside the file, named.
    case inconsistent(String)
    /// The file's SHA-256 is not the one the roster entry was started with.
    case hashMismatch(expected: String, found: String)

    public var description: String {
        switch self {
        case .unreadableFile(let path, let reason): "cannot read model file \(path): \(reason)"
        case .corrupt(let reason): "the model file is corrupt or truncated: \(reason)"
        case .notAModelFile(let format): "not an Alpha Arena model file (format '\(format)', expected '\(ModelFile.formatName)')"
        case .unsupportedVersion(let found, let supported):
            "model file version \(found) is not supported (this build reads \(supported.lowerBound)…\(supported.upperBound))"
        case .wrongKind(let found, let expected): "the model file holds a '\(found)' model, the roster entry runs '\(expected)'"
        case .unknownFeature(let name): "the model file reads feature '\(name)', which this build does not compute"
        case .badScale(let name): "the normalisation of '\(name)' is not finite or has a standard deviation ≤ 0"
        case .shape(let reason): "the network's shape is inconsistent: \(reason)"
        case .nonFinite(let place): "\(place) holds a weight or bias that is not finite"
        case .inconsistent(let reason): "the model file is inconsistent: \(reason)"
        case .hashMismatch(let expected, let found):
            "the model file's SHA-256 is \(found.prefix(12)), the roster entry was started with \(expected.prefix(12))"
        }
    }
}
