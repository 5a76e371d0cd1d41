import ArenaCore

/// Keeps a local order book in step with a Binance diff-depth stream, following
/// Binance's "How to manage a local order book correctly":
///
/// - Spot (developers.binance.com/docs/binance-spot-api-docs/web-socket-streams,
///   "How to manage a local order book correctly"): buffer the diffs; get a
///   snapshot; drop buffered diffs with `u` ≤ `lastUpdateId`; the first diff
///   applied must have `U` ≤ `lastUpdateId`+1 ≤ `u`; after that a diff with
///   `u` ≤ the book's id is old and ignored, and one with `U` > the book's id + 1
///   means updates were missed: throw the book away and start again.
/// - USDⓈ-M (developers.binance.com/docs/derivatives/usds-margined-futures/
///   websocket-market-streams/How-to-manage-a-local-order-book-correctly):
///   drop diffs with `u` < `lastUpdateId`; the first diff applied must have
///   `U` ≤ `lastUpdateId` ≤ `u`; after that each diff's `pu` must equal the
///   previous diff's `u`, otherwise start again from the snapshot.
///
/// Pure: the caller fetches snapshots. Every result that needs a new snapshot
/// is ``Outcome/outOfSync(_:)``; the synchronizer has then already cleared the
/// book and kept the offending diff buffered as the start of the next attempt.
public struct DepthSynchronizer: Sendable {
    /// Why the book lost (or could not reach) sync; each one means "fetch a new snapshot".
    public enum OutOfSync: Error, Sendable, Hashable {
        /// Spot: a diff starts after the book's id + 1 (`U` > id + 1): updates are missing.
        case gap(bookID: Int64, firstUpdateID: Int64)
        /// USDⓈ-M: a diff's `pu` is not the previous diff's `u`.
        case brokenChain(previousFinalUpdateID: Int64?, expected: Int64)
        /// The snapshot is older than the buffered diffs reach back: they cannot bridge to it.
        case snapshotTooOld(lastUpdateID: Int64, firstBufferedUpdateID: Int64)
        /// The buffer held more diffs than allowed while waiting for a snapshot.
        case bufferOverflow(limit: Int)
    }

    /// What one diff or snapshot did.
    public enum Outcome: Sendable, Hashable {
        /// No snapshot yet: the diff was buffered.
        case buffered
        /// The book now includes updates through this id.
        case applied(finalUpdateID: Int64)
        /// The diff is older than the book and was ignored.
        case stale
        /// The book cannot be trusted: get a new snapshot and pass it to ``apply(snapshot:)``.
        case outOfSync(OutOfSync)
    }

    /// Spot or USDⓈ-M: which procedure applies.
    public let market: MarketKind
    /// How many diffs may wait for a snapshot before the oldest attempt is abandoned.
    public let bufferLimit: Int
    /// The book; meaningful only while ``isSynced``.
    public private(set) var book = OrderBook()
    /// The id the book is at (the snapshot's `lastUpdateId`, then each applied diff's `u`).
    public private(set) var updateID: Int64?
    /// True once a snapshot was applied and no break was seen since.
    public var isSynced: Bool { updateID != nil }

    private var buffer: [DepthUpdate] = []
    /// True until the first diff after the snapshot has been applied (it follows its own rule).
    private var awaitingFirstDiff = true

    /// Creates a synchronizer for `market` (spot or USDⓈ-M perpetual).
    public init(market: MarketKind, bufferLimit: Int = 10_000) {
        self.market = market
        self.bufferLimit = bufferLimit
    }

    /// Feeds one diff.
    public mutating func receive(_ diff: DepthUpdate) -> Outcome {
        guard let id = updateID else {
            guard buffer.count < bufferLimit else {
                buffer.removeAll(keepingCapacity: true)
                buffer.append(diff)
                return .outOfSync(.bufferOverflow(limit: bufferLimit))
            }
            buffer.append(diff)
            return .buffered
        }
        if awaitingFirstDiff { return first(diff, snapshotID: id) }
        switch market {
        case .spot:
            if diff.finalUpdateID <= id { return .stale }
            if diff.firstUpdateID > id + 1 { return lose(.gap(bookID: id, firstUpdateID: diff.firstUpdateID), keeping: diff) }
        case .perpetual:
            if diff.finalUpdateID < id { return .stale }
            if diff.previousFinalUpdateID != id {
                return lose(.brokenChain(previousFinalUpdateID: diff.previousFinalUpdateID, expected: id), keeping: diff)
            }
        }
        return apply(diff)
    }

    /// Applies a snapshot, then the buffered diffs that follow it.
    ///
    /// Returns the last outcome: ``Outcome/applied(finalUpdateID:)`` when in sync (with the
    /// snapshot's id if no buffered diff applied), or ``Outcome/outOfSync(_:)``.
    public mutating func apply(snapshot: DepthSnapshot) -> Outcome {
        book = OrderBook(bids: snapshot.bids, asks: snapshot.asks)
        updateID = snapshot.lastUpdateID
        awaitingFirstDiff = true
        let pending = buffer
        buffer.removeAll(keepingCapacity: true)
        var outcome = Outcome.applied(finalUpdateID: snapshot.lastUpdateID)
        for (i, diff) in pending.enumerated() {
            let result = receive(diff)
            if case .outOfSync = result {
                // Keep what came after the break too: it belongs to the next attempt.
                buffer.append(contentsOf: pending[(i + 1)...])
                return result
            }
            if case .applied = result { outcome = result }
        }
        return outcome
    }

    /// Forgets the book and the buffer (after a reconnect, say).
    public mutating func reset() {
        book.removeAll()
        updateID = nil
        buffer.removeAll()
        awaitingFirstDiff = true
    }

    /// The first diff after a snapshot must straddle it.
    private mutating func first(_ diff: DepthUpdate, snapshotID id: Int64) -> Outcome {
        switch market {
        case .spot:
            if diff.finalUpdateID <= id { return .stale }
            guard diff.firstUpdateID <= id + 1 else {
                return lose(.snapshotTooOld(lastUpdateID: id, firstBufferedUpdateID: diff.firstUpdateID), keeping: diff)
            }
        case .perpetual:
            if diff.finalUpdateID < id { return .stale }
            guard diff.firstUpdateID <= id else {
                return lose(.snapshotTooOld(lastUpdateID: id, firstBufferedUpdateID: diff.firstUpdateID), keeping: diff)
            }
        }
        awaitingFirstDiff = false
        return apply(diff)
    }

    private mutating func apply(_ diff: DepthUpdate) -> Outcome {
        book.apply(bids: diff.bids, asks: diff.asks)
        updateID = diff.finalUpdateID
        return .applied(finalUpdateID: diff.finalUpdateID)
    }

    private mutating func lose(_ reason: OutOfSync, keeping diff: DepthUpdate) -> Outcome {
        book.removeAll()
        updateID = nil
        awaitingFirstDiff = true
        buffer = [diff]
        return .outOfSync(reason)
    }
}
