/// A top-level section of the configuration file that a service owns and
/// declares in its descriptor (`market` for the gateway, `features` and
/// `models` for the feature engine).
///
/// The runtime decodes it with the same rules as its own sections: absent
/// keys take the type's documented defaults, wrong types and unknown keys are
/// refused naming the key (and the `ARENA_…` variable that set it), and
/// ``validate(into:)`` adds the semantic checks. Two types may read the same
/// section (the shared ``UniverseConfig`` and the gateway's `market`): a key
/// is unknown only if no type asked for it.
public protocol ConfigSection: Decodable, Sendable {
    /// The section's top-level key.
    static var key: String { get }
    /// The section when the file does not have it; nil (the default) decodes
    /// it from an empty mapping instead, so its defaults apply and its
    /// required keys are reported. A list section (`models`) says `[]` here.
    static var whenAbsent: Self? { get }
    /// Ranges and cross-field rules; each problem names its full key.
    func validate(into problems: inout ConfigProblems)
    /// Rules that need the address book too (a service named in the section
    /// must be in `services`, with the socket used); by default ``validate(into:)``.
    func validate(into problems: inout ConfigProblems, services: ServicesConfig)
}

extension ConfigSection {
    public static var whenAbsent: Self? { nil }
    public func validate(into problems: inout ConfigProblems) {}
    public func validate(into problems: inout ConfigProblems, services: ServicesConfig) { validate(into: &problems) }
}
