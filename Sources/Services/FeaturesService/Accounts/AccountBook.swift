import ArenaCore
import Synchronization

/// Each model's latest account as the OMS publishes it on `acct.<model>`;
/// until the OMS has reported a model, the model's opening account (all cash,
/// marked ``ArenaCore/AccountSource/opening`` so no model mistakes it for a ledger).
public final class AccountBook: Sendable {
    private let capital: FixedDecimal
    private let latest = Mutex<[ModelID: AccountState]>([:])

    /// A book whose models start with `capital` each.
    public init(startingCapital capital: FixedDecimal) { self.capital = capital }

    /// Takes a state if it is newer than the one held (by the OMS's sequence); returns whether it was taken.
    @discardableResult
    public func update(_ state: AccountState) -> Bool {
        latest.withLock { book in
            if let held = book[state.modelID], held.sequence >= state.sequence { return false }
            book[state.modelID] = state
            return true
        }
    }

    /// The account of `model` for a job at `time`.
    public func account(of model: ModelID, at time: Timestamp) -> AccountState {
        latest.withLock { $0[model] } ?? .opening(model: model, capital: capital, at: time)
    }
}
