import ArenaCore

/// Which realised PnL fills brought: the OMS publishes fills, then the
/// account they changed (one publisher, so in that order); the change of the
/// account's realised PnL belongs to the fills since the previous account,
/// and is given with the last of them (the others realise nothing more).
public struct FillAttribution: Sendable {
    public init() {}

    private var held: [ModelID: [Fill]] = [:]
    private var realized: [ModelID: FixedDecimal] = [:]

    /// Holds `fill` until the account it changed arrives.
    public mutating func hold(_ fill: Fill) { held[fill.modelID, default: []].append(fill) }

    /// The fills waiting for `account`, each with the PnL it realised.
    public mutating func attribute(_ account: AccountState) -> [(Fill, FixedDecimal?)] {
        let before = realized[account.modelID] ?? .zero
        realized[account.modelID] = account.realizedPnL
        guard let fills = held.removeValue(forKey: account.modelID), let last = fills.last else { return [] }
        let change = try? account.realizedPnL.subtracting(before)
        return fills.dropLast().map { ($0, FixedDecimal.zero) } + [(last, change)]
    }
}
