import ArenaCore

extension RiskEngine {
    /// Notes a fill of one of a model's orders: a negative `realizedPnL`
    /// starts the cooldown after a loss; a fill of a STOP_LOSS order counts
    /// towards the stop-out guard. Returns the record to persist (none for an
    /// unknown model).
    @discardableResult
    public mutating func observe(_ fill: Fill, realizedPnL: FixedDecimal?) -> [RiskRecord] {
        guard books.index(forKey: fill.modelID) != nil else { return [] }
        let record = RiskRecord.fill(fill, realizedPnL: realizedPnL)
        commit(record)
        return [record]
    }
}
