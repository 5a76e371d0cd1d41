import ArenaCore

extension ModelSpec {
    /// The spec with its config hash: lower-case hex SHA-256 of the canonical
    /// bytes of its other fields (the hash field empty), as spec §5 records
    /// with every decision. The roster makes specs this way and a scorer
    /// checks a job's spec against it.
    public func hashed() throws(WireError) -> ModelSpec {
        var spec = self
        spec.configHash = ""
        spec.configHash = try CanonicalHash.hex(of: spec)
        return spec
    }
}
