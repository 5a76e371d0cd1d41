extension Duration {
    /// The duration in whole milliseconds, rounded toward zero (what logs,
    /// records and socket options carry).
    public var wholeMilliseconds: Int64 {
        components.seconds * 1_000 + components.attoseconds / 1_000_000_000_000_000
    }
}
